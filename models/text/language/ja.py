"""Japanese. Captions have no spaces between words, so phrases match anywhere in the text.

Folding drops the voicing marks of kana (ガ reads as カ) and turns half-width kana and
full-width letters into their usual forms; the phrases below are folded the same way.
"""

SAVE_CTA = (
    "保存",
    "保存して",
    "保存しと",
    "保存推奨",
    "保存必須",
    "保存おすすめ",
    "保存がおすすめ",
    "保存してね",
    "保存しておいて",
    "保存用",
    "あとで見返す",
    "後で見返す",
    "あとで見返せる",
    "後で見返せる",
    "見返せるように",
    "ブックマーク",
)
# 保存 alone is the save button ("保存してね", "【保存版】"); food posts also use it for storing
# food ("冷凍保存して" is freeze and keep), which asks nobody to save the video.
FALSE_FRIENDS = {
    "save_cta": ("保存料", "保存方法", "保存容器", "保存期間", "冷凍保存", "冷蔵保存", "常温保存", "保存食"),
}
INFORMATIVE = (
    "作り方",
    "やり方",
    "レシピ",
    "方法",
    "コツ",
    "手順",
    "解説",
    "使い方",
    "裏技",
    "豆知識",
    "初心者向け",
    "ステップ",
    "保存版",
)
PROBLEM = ("悩み", "解決", "対策", "失敗しない", "困って", "改善", "防ぐ", "しなくていい", "不要")
ENGAGE = ("コメントして", "コメントで", "コメント欄", "教えて", "どっち派", "どれが好き", "みんなは", "あなたは")
COLLAB = ("コラボ", "共演")
# "5選", "3つのコツ", "3ステップ": a number straight before the noun, as Japanese writes it.
LIST_NOUNS = ("選", "つのコツ", "つの方法", "ステップ", "のコツ")
DANGLING = ("の", "を", "に", "は", "が", "と", "で", "へ", "も", "や")

SAVE_CTA_TEMPLATES = {
    "list": "{n}つ全部あとで見返せるように保存してね🔖",
    "steps": "手順をあとで見返せるように保存してね🔖",
    "plain": "あとで見返せるように保存してね🔖",
}
QUESTION_TEMPLATES = {"informative": "どのステップから試してみる？", "plain": "あなたなら何を足す？"}
HOW_TO_OPENER = "やり方をステップごとに解説"
PROBLEM_OPENER = "お悩み解決:"
# Theme names are read from runs of kanji or katakana (``models.text.language.words``); these are
# the common ones that name no theme.
STOPWORDS = (
    "今日 明日 昨日 今回 前回 最近 本当 本日 自分 私 僕 俺 皆 皆さん 皆様 一緒 動画 投稿 撮影 時 人 事 物 方 "
    "日 中 上 下 前 後 気 感 感じ 気持 大好 好 最高 一番 全部 今 次 毎日 部分 笑 編 フォロー チャンネル "
    "コメント ライブ ショート ティックトック"
)
