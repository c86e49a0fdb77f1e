"""Turkish. The dotless ı survives folding, so both "nasıl" and "nasil" are listed."""

SAVE_CTA = ("kaydet", "kaydetmeyi unutma")
INFORMATIVE = ("nasıl", "nasil", "ipucu", "tarif", "adım adım", "adim adim")
PROBLEM = ("çözüm", "sorun", "hata")
ENGAGE = ("yorum", "etiketle")
COLLAB = ("ile @",)
LIST_NOUNS = ("ipucu", "adım", "adim", "yol", "tarif")
DANGLING = ("ve", "ile", "için", "bir", "bu", "da", "de")

SAVE_CTA_TEMPLATES = {
    "list": "Bu {n} ipucunu kaydet, sonra lazım olacak 🔖",
    "steps": "Adımlar için bu videoyu kaydet 🔖",
    "plain": "Sonra bakmak için kaydet 🔖",
}
LIST_TEMPLATE_FITS = ("ipucu",)
QUESTION_TEMPLATES = {"informative": "İlk hangi adımı deneyeceksin?", "plain": "Sen ne eklerdin?"}
HOW_TO_OPENER = "Adım adım anlatıyorum"
PROBLEM_OPENER = "Aradığın çözüm:"
STOPWORDS = (
    "ve ile bir bu şu o da de ki mi mı mu mü için gibi kadar daha çok en ama fakat ya veya ben sen biz siz onlar "
    "benim senin bizim ne neden nasıl nerede kim hangi her hiç var yok değil olan oldu olarak bugün"
)
