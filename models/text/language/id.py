"""Indonesian (and Malay, which shares these phrases)."""

SAVE_CTA = ("simpan video", "simpan dulu", "jangan lupa simpan", "simpan ini", "save dulu")
INFORMATIVE = ("cara membuat", "cara bikin", "resep", "langkah", "belajar", "begini caranya", "tutorial")
PROBLEM = ("solusi", "masalah", "hindari", "tanpa ")
ENGAGE = ("komen", "kasih tau", "tag teman")
COLLAB = ("bersama @",)
LIST_NOUNS = ("cara", "langkah", "tips", "ide", "resep")
DANGLING = ("di", "ke", "dari", "untuk", "buat", "dengan", "dan", "atau", "yang", "aku", "ini", "itu")

SAVE_CTA_TEMPLATES = {
    "list": "Simpan video ini biar {n} tipsnya nggak hilang 🔖",
    "steps": "Simpan video ini buat langkah-langkahnya 🔖",
    "plain": "Simpan video ini buat nanti 🔖",
}
LIST_TEMPLATE_FITS = ("tips", "trik")
QUESTION_TEMPLATES = {"informative": "Langkah mana yang mau kamu coba duluan?", "plain": "Kalau kamu, mau tambah apa?"}
HOW_TO_OPENER = "Begini caranya, langkah demi langkah"
PROBLEM_OPENER = "Solusi yang kamu cari:"
STOPWORDS = (
    "yang dan di ke dari untuk dengan pada dalam atau tapi juga ini itu ada adalah akan sudah udah lagi bisa "
    "tidak gak nggak ga aku saya kamu kita kami mereka dia nya si sih deh dong kok ya yg dgn utk aja banget "
    "jadi kalau kalo karena sama biar buat mau hari ini"
)
