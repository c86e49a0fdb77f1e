"""French."""

SAVE_CTA = ("enregistre", "enregistrez", "sauvegarde", "garde cette vidéo", "à enregistrer")
INFORMATIVE = (
    "comment faire",
    "astuces",
    "conseils",
    "étape par étape",
    "recette",
    "apprends",
    "tutoriel",
    "tuto",
    "je te montre comment",
    "voici comment",
)
PROBLEM = ("solution", "problème", "évite", "erreur", "marre de", "sans ")
ENGAGE = ("commente", "dis-moi", "dites-moi", "identifie")
COLLAB = ("avec @",)
LIST_NOUNS = ("astuces", "conseils", "étapes", "idées", "recettes", "erreurs", "façons")
DANGLING = (
    "le",
    "la",
    "les",
    "un",
    "une",
    "de",
    "du",
    "des",
    "à",
    "au",
    "aux",
    "en",
    "pour",
    "avec",
    "par",
    "et",
    "ou",
    "mon",
    "ma",
    "mes",
    "que",
)

SAVE_CTA_TEMPLATES = {
    "list": "Enregistre cette vidéo pour retrouver les {n} plus tard 🔖",
    "steps": "Enregistre cette vidéo pour garder les étapes 🔖",
    "plain": "Enregistre cette vidéo pour plus tard 🔖",
}
QUESTION_TEMPLATES = {"informative": "Quelle étape vas-tu tester en premier ?", "plain": "Tu ajouterais quoi ?"}
HOW_TO_OPENER = "Je te montre comment, étape par étape"
PROBLEM_OPENER = "La solution que tu cherchais :"
STOPWORDS = (
    "a à au aux avec chez dans de des du en entre par pour sans sous sur le la les l un une et ou mais donc ni "
    "que qui quoi quand comment où est sont était être avoir ai as avons ont je tu il elle nous vous ils elles "
    "me te se moi toi lui leur mon ma mes ton ta tes son sa ses notre votre ce cet cette ces ça c j d n qu s "
    "ne pas plus très aussi tout tous toute aujourd hui"
)
