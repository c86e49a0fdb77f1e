"""German."""

SAVE_CTA = ("speicher dir", "speichere", "speichern", "merk dir das")
INFORMATIVE = ("wie man", "anleitung", "tipps", "schritt für schritt", "rezept", "so geht's", "so gehts")
PROBLEM = ("lösung", "problem", "vermeide", "fehler", "ohne ", "nie wieder")
ENGAGE = ("kommentier", "sag mir", "sag bescheid", "markiere", "schreib mir")
COLLAB = ("mit @",)
LIST_NOUNS = ("tipps", "schritte", "ideen", "rezepte", "fehler", "tricks")
DANGLING = (
    "der",
    "die",
    "das",
    "den",
    "dem",
    "des",
    "ein",
    "eine",
    "einen",
    "für",
    "mit",
    "von",
    "zu",
    "zum",
    "zur",
    "in",
    "im",
    "auf",
    "und",
    "oder",
    "mein",
    "meine",
    "dein",
    "deine",
)

SAVE_CTA_TEMPLATES = {
    "list": "Speicher dir das, dann hast du alle {n} griffbereit 🔖",
    "steps": "Speicher dir das für später, mit allen Schritten 🔖",
    "plain": "Speicher dir das für später 🔖",
}
QUESTION_TEMPLATES = {"informative": "Welchen Schritt probierst du zuerst?", "plain": "Was würdest du ergänzen?"}
HOW_TO_OPENER = "So geht's, Schritt für Schritt"
PROBLEM_OPENER = "Die Lösung, nach der du gesucht hast:"
STOPWORDS = (
    "der die das den dem des ein eine einer eines einem einen und oder aber denn in im an am auf aus bei mit nach "
    "von vom zu zum zur für über unter vor hinter ist sind war waren sein bin bist hat habe haben hatte ich du er "
    "sie es wir ihr mich dich sich mir dir uns euch mein meine dein deine sein seine unser nicht kein keine auch "
    "noch schon nur so sehr mehr wie was wer wo wann warum dass wenn als heute"
)
