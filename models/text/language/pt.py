"""Portuguese."""

SAVE_CTA = (
    "salva esse",
    "salve esse",
    "salve este",
    "salva este",
    "salva pra",
    "salve para",
    "salve pra",
    "salvar para",
    "não esquece de salvar",
    "não esqueça de salvar",
    "salve o vídeo",
)
INFORMATIVE = ("como fazer", "dicas", "passo a passo", "receita", "aprenda", "tutorial", "vou te mostrar")
PROBLEM = ("solução", "problema", "evite", "erro", "cansado de", "cansada de", "sem ")
ENGAGE = ("comente", "comenta", "me conta", "marca um", "marca uma", "qual ")
COLLAB = ("com @",)
LIST_NOUNS = ("dicas", "passos", "formas", "ideias", "receitas", "erros", "truques")
DANGLING = (
    "o",
    "a",
    "os",
    "as",
    "um",
    "uma",
    "de",
    "do",
    "da",
    "dos",
    "das",
    "em",
    "no",
    "na",
    "para",
    "pra",
    "com",
    "por",
    "e",
    "ou",
    "meu",
    "minha",
    "que",
)

SAVE_CTA_TEMPLATES = {
    "list": "Salve esse post pra não perder nenhuma das {n} 🔖",
    "steps": "Salve esse passo a passo pra depois 🔖",
    "plain": "Salve esse post pra depois 🔖",
}
LIST_TEMPLATE_FITS = ("dicas", "ideias", "receitas", "formas")
QUESTION_TEMPLATES = {"informative": "Qual passo você vai testar primeiro?", "plain": "O que você acrescentaria?"}
HOW_TO_OPENER = "Vou te mostrar como, passo a passo"
PROBLEM_OPENER = "A solução que você procurava:"
STOPWORDS = (
    "a à ao aos as o os um uma uns umas e ou mas que de do da dos das em no na nos nas por pelo pela para pra com "
    "sem sobre entre até é são era foi ser estar está estão estou tem têm ter eu você vocês ele ela nós eles elas "
    "me te se lhe meu minha meus minhas seu sua seus suas este esta isto esse essa isso não sim já muito mais "
    "menos também todo todos toda hoje como quando onde quem qual"
)
