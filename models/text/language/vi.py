"""Vietnamese. Captions come with and without diacritics ("lưu lại" / "luu lai"): both match."""

SAVE_CTA = ("lưu lại", "lưu ngay", "lưu liền", "lưu video", "lưu về", "nhớ lưu", "save lại")
# "Lưu lại kỷ niệm" keeps a memory; it asks nobody to save the video.
FALSE_FRIENDS = {
    "save_cta": ("lưu lại kỷ niệm", "lưu lại khoảnh khắc", "lưu lại những khoảnh khắc", "lưu lại những kỷ niệm"),
}
INFORMATIVE = (
    "cách làm",
    "cách pha",
    "cách nấu",
    "cách chọn",
    "hướng dẫn",
    "công thức",
    "bí quyết",
    "mẹo ",
    "mẹo:",
    "từng bước",
    "các bước",
    "bước 1",
    "tips",
)
PROBLEM = ("giải pháp", "vấn đề", "tránh ", "không cần", "khắc phục")
ENGAGE = ("bình luận", "comment", "tag ", "bạn nghĩ sao", "cho mình biết", "kể mình nghe")
COLLAB = ("cùng @",)
# Without accents these collide with other words ("mèo" is a cat, "tranh" a painting), so a
# caption written with diacritics matches them only as written.
EXACT_ACCENTS = ("mẹo ", "mẹo:", "tránh ")
# A caption (or sentence) that opens with "Cách ..." is a how-to: "Cách pha trà sữa tại nhà".
# "Cách đây", "cách nhau", "cách xa" are distances and "cách mạng", "cách ly" other words.
PATTERNS = {"informative": (r"(?:^|[.!?\n:;]\s*)cach (?!day\b|nhau\b|xa\b|mang\b|ly\b)\w+",)}
# "3 bước", "5 cách"; "mẹo" is left out because "3 con mèo" folds to the same letters.
LIST_NOUNS = ("bước", "cách", "bí quyết", "công thức")
DANGLING = ("tại", "ở", "của", "cho", "với", "và", "để", "trong", "từ", "là", "những", "các", "một", "cùng")

SAVE_CTA_TEMPLATES = {
    "list": "Lưu lại {n} mẹo này để dùng sau nhé 🔖",
    "steps": "Lưu lại video để xem các bước khi cần nhé 🔖",
    "plain": "Lưu lại video này để xem sau nhé 🔖",
}
LIST_TEMPLATE_FITS = ("mẹo",)
QUESTION_TEMPLATES = {"informative": "Bạn sẽ thử bước nào trước?", "plain": "Bạn sẽ thêm gì nữa?"}
HOW_TO_OPENER = "Hướng dẫn từng bước"
PROBLEM_OPENER = "Giải pháp bạn đang tìm:"
STOPWORDS = (
    "và của là có không được cho với này đó khi thì mà nhưng hay hoặc để từ trong ngoài trên dưới tại ở ra vào "
    "lên xuống đi đến về cũng rất quá lắm nhé nha nè nhe ạ à ơi đã đang sẽ vẫn còn chỉ mới rồi nữa thôi luôn "
    "mình bạn tôi tui tớ em anh chị các những một hai mọi ai gì nào sao đâu bao nhiêu thế vậy như này kia "
    "ấy nó họ chúng ta làm có thể cái con người nhà ngày hôm nay bị vì nên thêm lại nhau ơi nhiều ngay"
)
