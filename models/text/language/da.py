"""Danish. Folding keeps ø and æ (they are letters, not accented ones) and turns å into a."""

SAVE_CTA = ("gem den", "gem videoen", "gem denne", "gem det her", "gem til senere", "husk at gemme", "gem opskriften")
INFORMATIVE = (
    "sådan",
    "guide",
    "tips",
    "trin for trin",
    "trin 1",
    "opskrift",
    "lær at",
    "lær hvordan",
    "hvordan man",
    "hvordan du",
    "tricks",
)
PROBLEM = ("løsning", "problem", "undgå", "fejl", "slut med", "træt af", "uden ", "aldrig mere")
ENGAGE = (
    "hvad synes du",
    "hvad siger du",
    "hvad tænker du",
    "skriv i kommentarerne",
    "skriv det i en kommentar",
    "skriv en kommentar",
    "kommenter",
    "kommentér",
    "fortæl mig",
    "tag en ven",
    "del med",
)
COLLAB = ("sammen med @", "med @")
LIST_NOUNS = ("tips", "trin", "måder", "idéer", "ideer", "fejl", "opskrifter", "tricks")
DANGLING = (
    "en",
    "et",
    "den",
    "det",
    "de",
    "af",
    "til",
    "i",
    "på",
    "med",
    "for",
    "og",
    "eller",
    "min",
    "mit",
    "din",
    "dit",
    "fra",
    "om",
)

SAVE_CTA_TEMPLATES = {
    "list": "Gem videoen, så du har alle {n} ved hånden 🔖",
    "steps": "Gem videoen, så du har trinene, når du skal bruge dem 🔖",
    "plain": "Gem videoen til senere 🔖",
}
QUESTION_TEMPLATES = {"informative": "Hvilket trin prøver du først?", "plain": "Hvad ville du tilføje?"}
HOW_TO_OPENER = "Sådan gør du, trin for trin"
PROBLEM_OPENER = "Løsningen, du har ledt efter:"
STOPWORDS = (
    "og i at det der en et den de til på med for af er var har have som jeg du han hun vi I dem os mig dig sig "
    "min mit mine din dit dine sin sit sine vores jeres deres ikke også men eller så hvis når om fra ud op ind "
    "over under efter før ved hos mod kan skal vil må bliver blive blev være været nu her der hvad hvem hvor "
    "hvordan hvorfor hvilken hvilket alle alt meget mere mest nogle noget ingen intet man jo da bare lige kun "
    "helt godt god få får fik gør gøre gjorde sige siger sagt dag i dag skulle kunne ville havde været sådan"
)
