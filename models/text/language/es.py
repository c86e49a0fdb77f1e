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
LIST_TEMPLATE_FITS = ("consejos", "trucos", "pasos", "errores", "tips")
QUESTION_TEMPLATES = {"informative": "¿Qué paso vas a probar primero?", "plain": "¿Qué le añadirías?"}
HOW_TO_OPENER = "Te enseño cómo, paso a paso"
PROBLEM_OPENER = "La solución que buscabas:"
STOPWORDS = (
    "a al ante con contra de del desde en entre hacia hasta para por sin sobre tras el la los las lo un una unos "
    "unas y o u e ni pero que qué como cómo cuando cuándo donde dónde quien quién cual cuál es son era fue ser "
    "estar está están estoy hay he ha han tengo tiene mi mis tu tus su sus yo tú él ella nosotros ellos me te se "
    "nos le les este esta esto estos estas ese esa eso no sí ya muy más menos también todo todos toda hoy"
)
