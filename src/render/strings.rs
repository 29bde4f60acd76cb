//! The words glossa itself shows (labels, buttons, messages), in the reader's language.
//!
//! One table per language, all in this file: to add a language, add a column to
//! [`TABLE`] (a `&[&str]` per key, in [`LANGS`] order; `""` falls back to English).
//! A page overrides any of them with `configure({ strings: { <lang>: { <key>: text } } })`
//! (keys are [`Key::name`]s; `"*"` applies to every language). Messages with a number
//! (`results`) hold one form per plural category (`one:…|other:…`), chosen with the
//! browser's `Intl.PluralRules` and written with `Intl.NumberFormat` (see the web shell);
//! `{n}`, `{query}`, `{term}` and `{msg}` are filled in by the caller.

use std::borrow::Cow;

/// Languages with built-in strings, in [`TABLE`]'s column order.
pub const LANGS: [&str; 13] = ["en", "zh", "ja", "ko", "de", "fr", "es", "pt", "ru", "hi", "ar", "he", "ur"];

macro_rules! keys {
    ($($key:ident = $name:literal: $row:expr),* $(,)?) => {
        /// A string glossa shows.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Key { $($key),* }

        impl Key {
            pub const ALL: &'static [Key] = &[$(Key::$key),*];

            /// The key's name in `configure({ strings })`.
            pub fn name(self) -> &'static str {
                match self { $(Key::$key => $name),* }
            }
        }

        /// Each key's text per language ([`LANGS`] order).
        const TABLE: &[&[&str]] = &[$($row),*];
    };
}

// What the first-load module draws (the search box), in tables of their own so that
// module carries only these.
const SEARCH_PLACEHOLDER: &[&str] = &[
    "Search the glossary",
    "搜索术语表",
    "用語集を検索",
    "용어집 검색",
    "Glossar durchsuchen",
    "Rechercher dans le glossaire",
    "Buscar en el glosario",
    "Pesquisar no glossário",
    "Поиск по глоссарию",
    "शब्दावली में खोजें",
    "ابحث في المسرد",
    "חיפוש במילון המונחים",
    "فرہنگ میں تلاش کریں",
];
const SEARCH_RESULTS: &[&str] = &[
    "Search results",
    "搜索结果",
    "検索結果",
    "검색 결과",
    "Suchergebnisse",
    "Résultats de recherche",
    "Resultados de búsqueda",
    "Resultados da pesquisa",
    "Результаты поиска",
    "खोज परिणाम",
    "نتائج البحث",
    "תוצאות חיפוש",
    "تلاش کے نتائج",
];
const ALL: &[&str] =
    &["All", "全部", "すべて", "전체", "Alle", "Tous", "Todos", "Todos", "Все", "सभी", "الكل", "הכול", "سب"];
const CATEGORY: &[&str] = &[
    "Category",
    "类别",
    "カテゴリ",
    "분류",
    "Kategorie",
    "Catégorie",
    "Categoría",
    "Categoria",
    "Категория",
    "श्रेणी",
    "الفئة",
    "קטגוריה",
    "زمرہ",
];
const DIFFICULTY: &[&str] = &[
    "Difficulty",
    "难度",
    "難易度",
    "난이도",
    "Schwierigkeit",
    "Difficulté",
    "Dificultad",
    "Dificuldade",
    "Сложность",
    "कठिनाई",
    "الصعوبة",
    "רמת קושי",
    "مشکل",
];

/// The search box's own words for `lang` (placeholder, results label, "All", "Category",
/// "Difficulty"), without the rest of the tables: what the first-load module uses.
pub fn search_box_words(lang: &str) -> [&'static str; 5] {
    let col = LANGS.iter().position(|l| *l == primary(lang)).unwrap_or(0);
    [SEARCH_PLACEHOLDER, SEARCH_RESULTS, ALL, CATEGORY, DIFFICULTY]
        .map(|row| row.get(col).or_else(|| row.first()).copied().unwrap_or(""))
}

keys! {
    SearchPlaceholder = "searchPlaceholder": SEARCH_PLACEHOLDER,
    SearchResults = "searchResults": SEARCH_RESULTS,
    NoResults = "noResults": &["No results", "无结果", "結果なし", "결과 없음", "Keine Ergebnisse", "Aucun résultat", "Sin resultados", "Nenhum resultado", "Ничего не найдено", "कोई परिणाम नहीं", "لا توجد نتائج", "אין תוצאות", "کوئی نتیجہ نہیں"],
    Results = "results": &["one:{n} result|other:{n} results", "other:{n} 个结果", "other:{n} 件の結果", "other:결과 {n}개", "one:{n} Ergebnis|other:{n} Ergebnisse", "one:{n} résultat|other:{n} résultats", "one:{n} resultado|other:{n} resultados", "one:{n} resultado|other:{n} resultados", "one:{n} результат|few:{n} результата|many:{n} результатов|other:{n} результата", "one:{n} परिणाम|other:{n} परिणाम", "zero:لا نتائج|one:نتيجة واحدة|two:نتيجتان|few:{n} نتائج|many:{n} نتيجة|other:{n} نتيجة", "one:תוצאה אחת|two:שתי תוצאות|other:{n} תוצאות", "one:{n} نتیجہ|other:{n} نتائج"],
    Partial = "partial": &["{results} (not every word matched)", "{results}（部分词语未匹配）", "{results}（一部の語は一致しません）", "{results} (일부 단어는 일치하지 않음)", "{results} (nicht alle Wörter gefunden)", "{results} (tous les mots ne correspondent pas)", "{results} (no coinciden todas las palabras)", "{results} (nem todas as palavras coincidem)", "{results} (совпали не все слова)", "{results} (सभी शब्द मेल नहीं खाए)", "{results} (لم تتطابق كل الكلمات)", "{results} (לא כל המילים נמצאו)", "{results} (تمام الفاظ نہیں ملے)"],
    NoMatch = "noMatch": &["No terms match “{query}”.", "没有与“{query}”匹配的术语。", "「{query}」に一致する用語はありません。", "“{query}”와(과) 일치하는 용어가 없습니다.", "Keine Begriffe passen zu „{query}“.", "Aucun terme ne correspond à « {query} ».", "Ningún término coincide con «{query}».", "Nenhum termo corresponde a “{query}”.", "Нет терминов по запросу «{query}».", "“{query}” से मेल खाने वाला कोई शब्द नहीं।", "لا توجد مصطلحات تطابق «{query}».", "אין מונחים התואמים ל„{query}”.", "“{query}” سے ملتی کوئی اصطلاح نہیں۔"],
    TryQueries = "tryQueries": &["Try", "试试", "候補:", "추천:", "Versuchen Sie", "Essayez", "Pruebe", "Experimente", "Попробуйте", "आज़माएँ", "جرّب", "נסו", "آزمائیں"],
    SearchUnavailable = "searchUnavailable": &["Search is unavailable: {msg}", "搜索不可用：{msg}", "検索できません: {msg}", "검색할 수 없습니다: {msg}", "Die Suche ist nicht verfügbar: {msg}", "La recherche est indisponible : {msg}", "La búsqueda no está disponible: {msg}", "A pesquisa não está disponível: {msg}", "Поиск недоступен: {msg}", "खोज उपलब्ध नहीं है: {msg}", "البحث غير متاح: {msg}", "החיפוש אינו זמין: {msg}", "تلاش دستیاب نہیں: {msg}"],
    TryAgain = "tryAgain": &["Try again", "重试", "再試行", "다시 시도", "Erneut versuchen", "Réessayer", "Reintentar", "Tentar novamente", "Повторить", "फिर से कोशिश करें", "أعد المحاولة", "נסו שוב", "دوبارہ کوشش کریں"],
    Retry = "retry": &["Retry", "重试", "再試行", "재시도", "Wiederholen", "Réessayer", "Reintentar", "Tentar de novo", "Повторить", "पुनः प्रयास", "إعادة", "נסו שוב", "دوبارہ"],
    Loading = "loading": &["Loading…", "加载中…", "読み込み中…", "불러오는 중…", "Wird geladen…", "Chargement…", "Cargando…", "Carregando…", "Загрузка…", "लोड हो रहा है…", "جارٍ التحميل…", "בטעינה…", "لوڈ ہو رہا ہے…"],
    LoadingGlossary = "loadingGlossary": &["Loading the glossary…", "正在加载术语表…", "用語集を読み込み中…", "용어집을 불러오는 중…", "Glossar wird geladen…", "Chargement du glossaire…", "Cargando el glosario…", "Carregando o glossário…", "Загрузка глоссария…", "शब्दावली लोड हो रही है…", "جارٍ تحميل المسرد…", "טוען את מילון המונחים…", "فرہنگ لوڈ ہو رہی ہے…"],
    LoadingTerm = "loadingTerm": &["Loading {term}…", "正在加载 {term}…", "{term} を読み込み中…", "{term} 불러오는 중…", "{term} wird geladen…", "Chargement de {term}…", "Cargando {term}…", "Carregando {term}…", "Загрузка: {term}…", "{term} लोड हो रहा है…", "جارٍ تحميل {term}…", "טוען את {term}…", "{term} لوڈ ہو رہا ہے…"],
    Glossary = "glossary": &["Glossary", "术语表", "用語集", "용어집", "Glossar", "Glossaire", "Glosario", "Glossário", "Глоссарий", "शब्दावली", "المسرد", "מילון מונחים", "فرہنگ"],
    AllTerms = "allTerms": &["← All terms", "← 全部术语", "← すべての用語", "← 모든 용어", "← Alle Begriffe", "← Tous les termes", "← Todos los términos", "← Todos os termos", "← Все термины", "← सभी शब्द", "→ كل المصطلحات", "→ כל המונחים", "→ تمام اصطلاحات"],
    All = "all": ALL,
    Category = "category": CATEGORY,
    Difficulty = "difficulty": DIFFICULTY,
    TermNotFound = "termNotFound": &["Term not found", "未找到术语", "用語が見つかりません", "용어를 찾을 수 없습니다", "Begriff nicht gefunden", "Terme introuvable", "Término no encontrado", "Termo não encontrado", "Термин не найден", "शब्द नहीं मिला", "المصطلح غير موجود", "המונח לא נמצא", "اصطلاح نہیں ملی"],
    DidYouMean = "didYouMean": &["Did you mean:", "您是不是要找：", "もしかして:", "이것을 찾으셨나요:", "Meinten Sie:", "Vouliez-vous dire :", "¿Quiso decir?:", "Você quis dizer:", "Возможно, вы имели в виду:", "क्या आपका मतलब था:", "هل تقصد:", "האם התכוונתם ל:", "کیا آپ کا مطلب تھا:"],
    NoTermsMatchFilters = "noTermsMatchFilters": &["No terms match these filters.", "没有符合这些筛选条件的术语。", "この条件に一致する用語はありません。", "이 필터와 일치하는 용어가 없습니다.", "Keine Begriffe passen zu diesen Filtern.", "Aucun terme ne correspond à ces filtres.", "Ningún término coincide con estos filtros.", "Nenhum termo corresponde a estes filtros.", "Нет терминов с такими фильтрами.", "इन फ़िल्टर से मेल खाने वाला कोई शब्द नहीं।", "لا توجد مصطلحات تطابق هذه المرشحات.", "אין מונחים התואמים למסננים אלה.", "ان فلٹرز سے ملتی کوئی اصطلاح نہیں۔"],
    TermCount = "termCount": &["one:{n} term|other:{n} terms", "other:{n} 个术语", "other:{n} 件の用語", "other:용어 {n}개", "one:{n} Begriff|other:{n} Begriffe", "one:{n} terme|other:{n} termes", "one:{n} término|other:{n} términos", "one:{n} termo|other:{n} termos", "one:{n} термин|few:{n} термина|many:{n} терминов|other:{n} термина", "one:{n} शब्द|other:{n} शब्द", "zero:لا مصطلحات|one:مصطلح واحد|two:مصطلحان|few:{n} مصطلحات|many:{n} مصطلحًا|other:{n} مصطلح", "one:מונח אחד|other:{n} מונחים", "one:{n} اصطلاح|other:{n} اصطلاحات"],
    ShowMore = "showMore": &["Show {n} more ({left} left)", "再显示 {n} 个（剩余 {left} 个）", "さらに {n} 件表示（残り {left} 件）", "{n}개 더 보기 ({left}개 남음)", "{n} weitere anzeigen (noch {left})", "Afficher {n} de plus ({left} restants)", "Mostrar {n} más (quedan {left})", "Mostrar mais {n} (restam {left})", "Показать ещё {n} (осталось {left})", "{n} और दिखाएँ ({left} शेष)", "عرض {n} أخرى (بقي {left})", "הצג עוד {n} (נותרו {left})", "مزید {n} دکھائیں ({left} باقی)"],
    ShowLast = "showLast": &["Show the last {n}", "显示最后 {n} 个", "残りの {n} 件を表示", "마지막 {n}개 보기", "Die letzten {n} anzeigen", "Afficher les {n} derniers", "Mostrar los últimos {n}", "Mostrar os últimos {n}", "Показать последние {n}", "अंतिम {n} दिखाएँ", "عرض آخر {n}", "הצג את {n} האחרונים", "آخری {n} دکھائیں"],
    LetterEmpty = "letterEmpty": &["No terms under {label}", "{label} 下没有术语", "{label} の用語はありません", "{label}에 해당하는 용어 없음", "Keine Begriffe unter {label}", "Aucun terme sous {label}", "Ningún término en {label}", "Nenhum termo em {label}", "Нет терминов на {label}", "{label} के अंतर्गत कोई शब्द नहीं", "لا مصطلحات تحت {label}", "אין מונחים תחת {label}", "{label} کے تحت کوئی اصطلاح نہیں"],
    LetterCount = "letterCount": &["one:{n} term under {label}|other:{n} terms under {label}", "other:{label} 下有 {n} 个术语", "other:{label} の用語 {n} 件", "other:{label}: 용어 {n}개", "one:{n} Begriff unter {label}|other:{n} Begriffe unter {label}", "one:{n} terme sous {label}|other:{n} termes sous {label}", "one:{n} término en {label}|other:{n} términos en {label}", "one:{n} termo em {label}|other:{n} termos em {label}", "one:{n} термин на {label}|few:{n} термина на {label}|many:{n} терминов на {label}|other:{n} термина на {label}", "other:{label} के अंतर्गत {n} शब्द", "zero:لا مصطلحات تحت {label}|one:مصطلح واحد تحت {label}|two:مصطلحان تحت {label}|few:{n} مصطلحات تحت {label}|many:{n} مصطلحًا تحت {label}|other:{n} مصطلح تحت {label}", "one:מונח אחד תחת {label}|other:{n} מונחים תחת {label}", "other:{label} کے تحت {n} اصطلاحات"],
    BigList = "bigList": &["{n} terms: showing {first}. Choose a letter above to see the others.", "共 {n} 个术语：正在显示 {first}。选择上方的字母查看其他术语。", "{n} 件の用語: {first} を表示中。上の文字を選ぶと他の用語を表示します。", "용어 {n}개: {first} 표시 중. 위에서 글자를 선택하면 다른 용어를 볼 수 있습니다.", "{n} Begriffe: {first} wird angezeigt. Wählen Sie oben einen Buchstaben für die anderen.", "{n} termes : affichage de {first}. Choisissez une lettre ci-dessus pour voir les autres.", "{n} términos: se muestra {first}. Elija una letra arriba para ver los demás.", "{n} termos: mostrando {first}. Escolha uma letra acima para ver os outros.", "Терминов: {n}. Показана буква {first}; выберите другую букву выше.", "{n} शब्द: {first} दिखाया जा रहा है। बाकी देखने के लिए ऊपर कोई अक्षर चुनें।", "{n} مصطلح: يُعرض {first}. اختر حرفًا أعلاه لرؤية البقية.", "{n} מונחים: מוצג {first}. בחרו אות למעלה כדי לראות את האחרים.", "{n} اصطلاحات: {first} دکھایا جا رہا ہے۔ باقی دیکھنے کے لیے اوپر کوئی حرف چنیں۔"],
    NoSuchTerm = "noSuchTerm": &["This glossary has no term “{id}”.", "此术语表中没有“{id}”。", "この用語集に「{id}」はありません。", "이 용어집에 “{id}” 용어가 없습니다.", "Dieses Glossar hat keinen Begriff „{id}“.", "Ce glossaire n’a pas de terme « {id} ».", "Este glosario no tiene el término «{id}».", "Este glossário não tem o termo “{id}”.", "В этом глоссарии нет термина «{id}».", "इस शब्दावली में “{id}” शब्द नहीं है।", "لا يحتوي هذا المسرد على المصطلح «{id}».", "במילון מונחים זה אין מונח „{id}”.", "اس فرہنگ میں “{id}” اصطلاح نہیں ہے۔"],
    TermsByLetter = "termsByLetter": &["Terms by letter", "按字母浏览术语", "頭文字で探す", "글자별 용어", "Begriffe nach Buchstaben", "Termes par lettre", "Términos por letra", "Termos por letra", "Термины по буквам", "अक्षर के अनुसार शब्द", "المصطلحات حسب الحرف", "מונחים לפי אות", "حرف کے لحاظ سے اصطلاحات"],
    Breadcrumb = "breadcrumb": &["Breadcrumb", "导航路径", "パンくずリスト", "탐색 경로", "Brotkrümelnavigation", "Fil d’Ariane", "Ruta de navegación", "Trilha de navegação", "Навигационная цепочка", "ब्रेडक्रंब", "مسار التنقل", "פירורי לחם", "راستہ"],
    LoadFailed = "loadFailed": &["The glossary could not be loaded.", "无法加载术语表。", "用語集を読み込めませんでした。", "용어집을 불러올 수 없습니다.", "Das Glossar konnte nicht geladen werden.", "Le glossaire n’a pas pu être chargé.", "No se pudo cargar el glosario.", "Não foi possível carregar o glossário.", "Не удалось загрузить глоссарий.", "शब्दावली लोड नहीं हो सकी।", "تعذّر تحميل المسرد.", "לא ניתן היה לטעון את מילון המונחים.", "فرہنگ لوڈ نہیں ہو سکی۔"],
    TermFailed = "termFailed": &["This term could not be shown.", "无法显示此术语。", "この用語を表示できませんでした。", "이 용어를 표시할 수 없습니다.", "Dieser Begriff konnte nicht angezeigt werden.", "Ce terme n’a pas pu être affiché.", "No se pudo mostrar este término.", "Não foi possível exibir este termo.", "Не удалось показать этот термин.", "यह शब्द नहीं दिखाया जा सका।", "تعذّر عرض هذا المصطلح.", "לא ניתן היה להציג מונח זה.", "یہ اصطلاح نہیں دکھائی جا سکی۔"],
    TermLoadFailed = "termLoadFailed": &["“{term}” could not be loaded.", "无法加载“{term}”。", "「{term}」を読み込めませんでした。", "“{term}”을(를) 불러올 수 없습니다.", "„{term}“ konnte nicht geladen werden.", "« {term} » n’a pas pu être chargé.", "No se pudo cargar «{term}».", "Não foi possível carregar “{term}”.", "Не удалось загрузить «{term}».", "“{term}” लोड नहीं हो सका।", "تعذّر تحميل «{term}».", "לא ניתן היה לטעון את „{term}”.", "“{term}” لوڈ نہیں ہو سکا۔"],
    CardFailed = "cardFailed": &["Could not load this term: {msg}", "无法加载此术语：{msg}", "この用語を読み込めませんでした: {msg}", "이 용어를 불러올 수 없습니다: {msg}", "Dieser Begriff konnte nicht geladen werden: {msg}", "Impossible de charger ce terme : {msg}", "No se pudo cargar este término: {msg}", "Não foi possível carregar este termo: {msg}", "Не удалось загрузить термин: {msg}", "यह शब्द लोड नहीं हो सका: {msg}", "تعذّر تحميل هذا المصطلح: {msg}", "לא ניתן היה לטעון מונח זה: {msg}", "یہ اصطلاح لوڈ نہیں ہو سکی: {msg}"],
    OnThisPage = "onThisPage": &["On this page", "本页内容", "このページの内容", "이 페이지의 내용", "Auf dieser Seite", "Sur cette page", "En esta página", "Nesta página", "На этой странице", "इस पृष्ठ पर", "في هذه الصفحة", "בעמוד זה", "اس صفحے پر"],
    RelatedTerms = "relatedTerms": &["Related terms", "相关术语", "関連用語", "관련 용어", "Verwandte Begriffe", "Termes associés", "Términos relacionados", "Termos relacionados", "Связанные термины", "संबंधित शब्द", "مصطلحات ذات صلة", "מונחים קשורים", "متعلقہ اصطلاحات"],
    RelatedShort = "relatedShort": &["Related:", "相关：", "関連:", "관련:", "Verwandt:", "Voir aussi :", "Relacionados:", "Relacionados:", "См. также:", "संबंधित:", "ذات صلة:", "קשור:", "متعلقہ:"],
    ReadMore = "readMore": &["Read more →", "阅读全文 →", "続きを読む →", "더 읽기 →", "Weiterlesen →", "Lire la suite →", "Leer más →", "Leia mais →", "Подробнее →", "और पढ़ें →", "← اقرأ المزيد", "← קראו עוד", "← مزید پڑھیں"],
    TurnOffPreviews = "turnOffPreviews": &["Turn off previews", "关闭预览", "プレビューをオフにする", "미리보기 끄기", "Vorschauen ausschalten", "Désactiver les aperçus", "Desactivar las vistas previas", "Desativar pré-visualizações", "Отключить превью", "पूर्वावलोकन बंद करें", "إيقاف المعاينات", "כיבוי תצוגות מקדימות", "پیش نظارہ بند کریں"],
    SectionLink = "sectionLink": &["Link to this section", "链接到此部分", "このセクションへのリンク", "이 섹션으로 연결", "Link zu diesem Abschnitt", "Lien vers cette section", "Enlace a esta sección", "Link para esta seção", "Ссылка на этот раздел", "इस अनुभाग का लिंक", "رابط إلى هذا القسم", "קישור לסעיף זה", "اس حصے کا لنک"],
    Details = "details": &["Details", "详情", "詳細", "자세히", "Details", "Détails", "Detalles", "Detalhes", "Подробности", "विवरण", "التفاصيل", "פרטים", "تفصیلات"],
    Copy = "copy": &["Copy", "复制", "コピー", "복사", "Kopieren", "Copier", "Copiar", "Copiar", "Копировать", "कॉपी करें", "نسخ", "העתקה", "کاپی"],
    CopyCode = "copyCode": &["Copy code to clipboard", "复制代码到剪贴板", "コードをクリップボードにコピー", "코드를 클립보드에 복사", "Code in die Zwischenablage kopieren", "Copier le code dans le presse-papiers", "Copiar el código al portapapeles", "Copiar o código para a área de transferência", "Скопировать код в буфер обмена", "कोड क्लिपबोर्ड पर कॉपी करें", "نسخ الشيفرة إلى الحافظة", "העתקת הקוד ללוח", "کوڈ کلپ بورڈ پر کاپی کریں"],
    Copied = "copied": &["Copied", "已复制", "コピーしました", "복사됨", "Kopiert", "Copié", "Copiado", "Copiado", "Скопировано", "कॉपी हो गया", "تم النسخ", "הועתק", "کاپی ہو گیا"],
    Language = "language": &["Language", "语言", "言語", "언어", "Sprache", "Langue", "Idioma", "Idioma", "Язык", "भाषा", "اللغة", "שפה", "زبان"],
    OtherLanguages = "otherLanguages": &["In other languages", "其他语言", "他の言語", "다른 언어", "In anderen Sprachen", "Dans d’autres langues", "En otros idiomas", "Em outros idiomas", "На других языках", "अन्य भाषाओं में", "بلغات أخرى", "בשפות אחרות", "دوسری زبانوں میں"],
    NotTranslated = "notTranslated": &["Not translated yet: shown in {language}.", "尚未翻译：以{language}显示。", "未翻訳のため{language}で表示しています。", "아직 번역되지 않아 {language}(으)로 표시합니다.", "Noch nicht übersetzt: auf {language} angezeigt.", "Pas encore traduit : affiché en {language}.", "Aún sin traducir: se muestra en {language}.", "Ainda não traduzido: exibido em {language}.", "Ещё не переведено: показано на языке «{language}».", "अभी अनुवाद नहीं हुआ: {language} में दिखाया गया है।", "لم يُترجم بعد: معروض باللغة {language}.", "עדיין לא תורגם: מוצג ב{language}.", "ابھی ترجمہ نہیں ہوا: {language} میں دکھایا گیا ہے۔"],
    CopyFailed = "copyFailed": &["Copy failed", "复制失败", "コピーできませんでした", "복사 실패", "Kopieren fehlgeschlagen", "Échec de la copie", "No se pudo copiar", "Falha ao copiar", "Не удалось скопировать", "कॉपी नहीं हो सका", "تعذّر النسخ", "ההעתקה נכשלה", "کاپی نہیں ہو سکا"],
}

/// A number's plural category and its written form, for the strings' language.
pub type Numbers = std::rc::Rc<dyn Fn(usize) -> (String, String)>;

/// The strings for one language, with a page's overrides applied.
#[derive(Clone)]
pub struct Strings {
    lang: String,
    words: Vec<Cow<'static, str>>,
    /// The browser's `Intl.PluralRules` and `Intl.NumberFormat` (English rules without them).
    numbers: Option<Numbers>,
}

impl std::fmt::Debug for Strings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Strings").field("lang", &self.lang).finish_non_exhaustive()
    }
}

impl Default for Strings {
    fn default() -> Self {
        Strings::new("en")
    }
}

/// `pt-BR` → `pt`, `zh_Hant` → `zh`, lower-cased.
pub fn primary(lang: &str) -> String {
    lang.split(['-', '_']).next().unwrap_or("").trim().to_ascii_lowercase()
}

/// English, shared by every default render.
pub fn english() -> &'static Strings {
    thread_local! {
        static EN: &'static Strings = Box::leak(Box::new(Strings::new("en")));
    }
    EN.with(|s| *s)
}

impl Strings {
    /// The built-in strings for `lang` (a BCP 47 tag; English for languages without a table).
    pub fn new(lang: &str) -> Strings {
        let p = primary(lang);
        let col = LANGS.iter().position(|l| *l == p);
        let words = TABLE
            .iter()
            .map(|row| {
                let own = col.and_then(|c| row.get(c)).copied().filter(|t| !t.is_empty());
                Cow::Borrowed(own.or_else(|| row.first().copied()).unwrap_or(""))
            })
            .collect();
        let lang = if lang.trim().is_empty() { "en".to_owned() } else { lang.trim().to_owned() };
        Strings { lang, words, numbers: None }
    }

    /// Uses `numbers` for plural categories and number formatting.
    pub fn with_numbers(mut self, numbers: Numbers) -> Strings {
        self.numbers = Some(numbers);
        self
    }

    /// Plural message `k` for the count `n`, with `{n}` written for the language.
    pub fn count(&self, k: Key, n: usize) -> String {
        let (cat, written) = match &self.numbers {
            Some(f) => f(n),
            None => (english_category(n).to_owned(), n.to_string()),
        };
        self.plural(k, &cat, &written)
    }

    /// `n` written for the language.
    pub fn number(&self, n: usize) -> String {
        self.numbers.as_ref().map_or_else(|| n.to_string(), |f| f(n).1)
    }

    /// The language tag these strings are for (as given).
    pub fn lang(&self) -> &str {
        &self.lang
    }

    /// Whether the built-in words are in this language (not the English fallback): a
    /// message naming something (a language) then names it in the same language.
    pub fn built_in(&self) -> bool {
        LANGS.contains(&primary(&self.lang).as_str())
    }

    /// Whether the language is written right to left.
    pub fn rtl(&self) -> bool {
        is_rtl(&self.lang)
    }

    /// Replaces the text of the key named `name`; `false` when no key has that name.
    pub fn set(&mut self, name: &str, text: &str) -> bool {
        match Key::ALL.iter().position(|k| k.name() == name) {
            Some(i) => match self.words.get_mut(i) {
                Some(w) => {
                    *w = Cow::Owned(text.to_owned());
                    true
                }
                None => false,
            },
            None => false,
        }
    }

    pub fn get(&self, k: Key) -> &str {
        self.words.get(k as usize).map_or("", |w| w.as_ref())
    }

    /// `get(k)` with `{name}` replaced by `value`.
    pub fn fill(&self, k: Key, name: &str, value: &str) -> String {
        self.get(k).replace(&format!("{{{name}}}"), value)
    }

    /// The form of plural message `k` for plural category `category` (`one`, `few`, `other`…,
    /// as `Intl.PluralRules` names them), with `{n}` replaced by `n` (already formatted).
    /// A missing category falls back to `other`; a message without categories is used as is.
    pub fn plural(&self, k: Key, category: &str, n: &str) -> String {
        let msg = self.get(k);
        let form =
            |c: &str| msg.split('|').find_map(|f| f.split_once(':').filter(|(cat, _)| cat.trim() == c).map(|(_, t)| t));
        let text = if msg.contains(':') { form(category).or_else(|| form("other")).unwrap_or(msg) } else { msg };
        text.replace("{n}", n)
    }
}

/// The `dir` attribute for text in language `lang`.
pub fn dir(lang: &str) -> &'static str {
    if is_rtl(lang) {
        "rtl"
    } else {
        "ltr"
    }
}

/// Whether language `lang` is written right to left.
pub fn is_rtl(lang: &str) -> bool {
    matches!(primary(lang).as_str(), "ar" | "he" | "iw" | "fa" | "ur" | "ps" | "sd" | "yi" | "dv" | "ug" | "ckb")
}

/// English plural categories (for native rendering, where there is no `Intl`).
pub fn english_category(n: usize) -> &'static str {
    if n == 1 {
        "one"
    } else {
        "other"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_key() {
        for (row, k) in TABLE.iter().zip(Key::ALL) {
            assert_eq!(row.len(), LANGS.len(), "{}", k.name());
        }
        assert_eq!(TABLE.len(), Key::ALL.len());
        // Placeholders survive translation.
        for lang in LANGS {
            let s = Strings::new(lang);
            for (k, en) in Key::ALL.iter().zip(english().words.iter()) {
                for ph in
                    ["{query}", "{term}", "{msg}", "{id}", "{label}", "{first}", "{left}", "{results}", "{language}"]
                {
                    assert_eq!(s.get(*k).contains(ph), en.contains(ph), "{lang} {}", k.name());
                }
            }
        }
    }

    #[test]
    fn languages_plurals_and_overrides() {
        assert_eq!(Strings::new("de-AT").get(Key::NoResults), "Keine Ergebnisse");
        assert_eq!(Strings::new("xx").get(Key::NoResults), "No results");
        let ru = Strings::new("ru");
        assert_eq!(ru.plural(Key::Results, "few", "3"), "3 результата");
        assert_eq!(ru.plural(Key::Results, "many", "5"), "5 результатов");
        assert_eq!(Strings::new("ja").plural(Key::Results, "one", "1"), "1 件の結果");
        assert_eq!(english().plural(Key::Results, english_category(1), "1"), "1 result");
        let mut s = Strings::new("fr");
        assert!(s.set("noResults", "Rien"));
        assert!(!s.set("nope", "x"));
        assert_eq!(s.get(Key::NoResults), "Rien");
        assert_eq!(s.fill(Key::NoMatch, "query", "pod"), "Aucun terme ne correspond à « pod ».");
        assert!(Strings::new("ur-PK").rtl() && !Strings::new("en").rtl());
    }
}
