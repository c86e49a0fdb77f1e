"""Everything that reads a caption: language, the guide's marks, encoders and embeddings, and the wording of tips."""
