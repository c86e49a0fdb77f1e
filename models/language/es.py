"""Spanish."""

SAVE_CTA = (
    "guarda esto",
    "guarda estos",
    "guárdalo",
    "guarda este",
    "guardar para",
    "guárdalo para",
    "no olvides guardar",
    "guarda el video",
    "guarda el vídeo",
)
INFORMATIVE = (
    "cómo hacer",
    "cómo preparar",
    "tutorial",
    "consejos",
    "paso a paso",
    "trucos",
    "receta",
    "aprende",
    "guía",
    "te enseño",
)
PROBLEM = ("solución", "problema", "evita", "error", "errores", "cansado de", "cansada de", "sin ")
ENGAGE = ("comenta", "dime", "cuéntame", "me cuentas", "etiqueta a", "cuál ")
COLLAB = ("con @",)
LIST_NOUNS = ("consejos", "formas", "pasos", "trucos", "ideas", "recetas", "errores")
DANGLING = (
    "el",
    "la",
    "los",
    "las",
    "un",
    "una",
    "de",
    "del",
    "a",
    "al",
    "en",
    "para",
    "con",
    "por",
    "y",
    "o",
    "mi",
    "tu",
    "que",
)

SAVE_CTA_TEMPLATES = {
    "list": "Guarda estos {n} para después 🔖",
    "steps": "Guarda esto para tener los pasos a mano 🔖",
    "plain": ("Guarda esto para después 🔖", "Guarda esto para tenerlo a mano 🔖"),
}
# The list call above names or agrees with its nouns: it is used only for these lists.
LIST_TEMPLATE_FITS = (
    "consejos",
    "trucos",
    "pasos",
    "errores",
    "tips",
)
QUESTION_TEMPLATES = {"informative": "¿Qué paso vas a probar primero?", "plain": "¿Qué le añadirías?"}
HOW_TO_OPENER = "Te enseño cómo, paso a paso"
PROBLEM_OPENER = "La solución que buscabas:"
