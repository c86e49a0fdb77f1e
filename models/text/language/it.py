"""Italian."""

SAVE_CTA = ("salva questo", "salvalo", "salva il video", "salvatelo")
INFORMATIVE = ("come fare", "consigli", "passo dopo passo", "ricetta", "trucchi", "tutorial", "ecco come")
PROBLEM = ("soluzione", "problema", "evita", "errore", "senza ")
ENGAGE = ("commenta", "dimmi", "tagga", "fammi sapere")
COLLAB = ("con @",)
LIST_NOUNS = ("consigli", "modi", "passi", "idee", "ricette", "errori", "trucchi")
DANGLING = (
    "il",
    "lo",
    "la",
    "i",
    "gli",
    "le",
    "un",
    "una",
    "di",
    "del",
    "della",
    "a",
    "al",
    "in",
    "per",
    "con",
    "e",
    "o",
    "mio",
    "mia",
)

SAVE_CTA_TEMPLATES = {
    "list": "Salva questo video per averli tutti e {n} sottomano 🔖",
    "steps": "Salva questo video per avere i passi sottomano 🔖",
    "plain": "Salva questo video per dopo 🔖",
}
LIST_TEMPLATE_FITS = ("consigli", "trucchi", "passi", "modi", "errori")
QUESTION_TEMPLATES = {"informative": "Quale passo provi per primo?", "plain": "Cosa aggiungeresti?"}
HOW_TO_OPENER = "Ecco come fare, passo dopo passo"
PROBLEM_OPENER = "La soluzione che cercavi:"
STOPWORDS = (
    "a ad al allo alla ai agli alle da dal dalla di del della dei delle in nel nella con su sul sulla per tra fra "
    "il lo la i gli le un uno una e ed o ma che chi cosa come quando dove è sono era essere ho hai ha abbiamo "
    "hanno io tu lui lei noi voi loro mi ti si ci vi mio mia miei mie tuo tua suo sua questo questa quello quella "
    "non sì già molto più anche tutto tutti oggi"
)
