//! The page's words in English, Russian and Persian (right to left). The course behind this
//! project was taught in Russian and Persian.
//!
//! [`t`] looks a key up; a key without a translation falls back to English, and an unknown key
//! is returned as it is, so a missing entry shows up as a readable key, never as a blank.
//! [`translate`] finds a phrase the engine writes in English (an optimizer's caption) by that
//! text, and falls back to it.

/// A language the page speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Ru,
    Fa,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Ru, Lang::Fa];

    /// The code used in links (`lang=ru`) and in `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Fa => "fa",
        }
    }

    /// The language's name in itself, for the menu.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ru => "Русский",
            Lang::Fa => "فارسی",
        }
    }

    /// `rtl` for Persian.
    pub fn dir(self) -> &'static str {
        match self {
            Lang::Fa => "rtl",
            _ => "ltr",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Self::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The first of the browser's languages (`ru-RU`, `fa-IR`, ...) the page speaks, else English.
    pub fn from_browser<'a>(languages: impl IntoIterator<Item = &'a str>) -> Lang {
        languages
            .into_iter()
            .find_map(|l| Lang::from_code(&l.to_ascii_lowercase()[..l.len().min(2)]))
            .unwrap_or(Lang::En)
    }

    fn column(self) -> usize {
        match self {
            Lang::En => 0,
            Lang::Ru => 1,
            Lang::Fa => 2,
        }
    }
}

/// `(key, [English, Russian, Persian])`.
const STRINGS: &[(&str, [&str; 3])] = &[
    ("classifier", ["Classifier", "Классификатор", "دسته‌بند"]),
    ("landscape", ["Loss landscape", "Поверхность потерь", "سطح تابع هزینه"]),
    ("language", ["Language", "Язык", "زبان"]),
    ("play", ["Play", "Пуск", "اجرا"]),
    ("pause", ["Pause", "Пауза", "توقف"]),
    ("step", ["Step", "Шаг", "یک گام"]),
    ("epoch", ["Epoch", "Эпоха", "یک دوره"]),
    ("reset", ["Reset", "Сброс", "از نو"]),
    ("new_seed", ["New seed", "Новое зерно", "بذر تازه"]),
    ("speed", ["Speed", "Скорость", "سرعت"]),
    ("steps_per_frame", ["steps/frame", "шагов/кадр", "گام در هر قاب"]),
    ("counter_step", ["step", "шаг", "گام"]),
    ("counter_epoch", ["epoch", "эпоха", "دوره"]),
    ("counter_of", ["of", "из", "از"]),
    ("surface", ["Surface", "Поверхность", "سطح"]),
    ("scale", ["Scale", "Масштаб", "مقیاس"]),
    ("scale_slider", ["Scale, sliding (0.1 to 1000, logarithmic)", "Масштаб, ползунок (от 0,1 до 1000, логарифмический)", "مقیاس با لغزنده (۰٫۱ تا ۱۰۰۰، لگاریتمی)"]),
    ("walk_steps", ["Steps", "Шагов", "تعداد گام"]),
    ("gradient", ["Gradient", "Градиент", "گرادیان"]),
    ("gradient_exact", ["exact", "точный", "دقیق"]),
    ("gradient_gaussian", ["with Gaussian noise", "с гауссовым шумом", "با نویز گاوسی"]),
    ("gradient_batch", ["of a mini-batch (regression)", "по мини-батчу (регрессия)", "روی مینی‌بچ (رگرسیون)"]),
    ("noise_or_batch", ["Noise or batch", "Шум или батч", "نویز یا اندازهٔ بچ"]),
    ("surface_hint", ["Click the map to set the start; drag to pan, the buttons zoom.", "Щёлкните по карте, чтобы задать старт; тащите, чтобы сдвинуть; кнопки меняют масштаб.", "برای تعیین نقطهٔ شروع روی نقشه کلیک کنید؛ با کشیدن جابه‌جا کنید و با دکمه‌ها بزرگ‌نمایی کنید."]),
    ("start", ["Start", "Старт", "شروع"]),
    ("data", ["Data", "Данные", "داده‌ها"]),
    ("dataset", ["Dataset", "Набор данных", "مجموعه داده"]),
    ("points", ["Points", "Точек", "تعداد نقاط"]),
    ("noise", ["Noise", "Шум", "نویز"]),
    ("train_ratio", ["Train share", "Доля обучения", "سهم آموزش"]),
    ("seed", ["Seed", "Зерно", "بذر"]),
    ("batch_size", ["Batch size", "Размер батча", "اندازهٔ بچ"]),
    ("regenerate", ["Regenerate", "Сгенерировать заново", "تولید دوباره"]),
    ("full_batch", ["Full batch", "Весь набор", "همهٔ داده‌ها"]),
    ("clear_points", ["Clear points", "Убрать точки", "پاک کردن نقاط"]),
    ("draw_legend", ["Draw points on a lane's map", "Рисуйте точки на карте дорожки", "روی نقشهٔ هر مسیر نقطه بکشید"]),
    ("draw_hint", ["Click or tap to add a point of the chosen class; Shift-click, right-click or a long press erases the nearest one.", "Щелчок или касание добавляет точку выбранного класса; Shift-щелчок, правая кнопка или долгое нажатие стирают ближайшую.", "با کلیک یا لمس، نقطه‌ای از کلاس انتخاب‌شده اضافه می‌شود؛ Shift+کلیک، کلیک راست یا لمس طولانی نزدیک‌ترین نقطه را پاک می‌کند."]),
    ("show_test", ["Show test points", "Показывать тестовые точки", "نمایش نقاط آزمون"]),
    ("network", ["Network", "Сеть", "شبکه"]),
    ("add_layer", ["Add layer", "Добавить слой", "افزودن لایه"]),
    ("remove_layer", ["Remove layer", "Убрать слой", "حذف لایه"]),
    ("activation", ["Activation", "Активация", "تابع فعال‌سازی"]),
    ("init", ["Initialisation", "Инициализация", "مقداردهی اولیه"]),
    ("loss", ["Loss", "Функция потерь", "تابع هزینه"]),
    ("l1", ["L1 rate", "Коэффициент L1", "ضریب L1"]),
    ("l2", ["L2 rate", "Коэффициент L2", "ضریب L2"]),
    ("dropout", ["Dropout", "Дропаут", "دراپ‌اوت"]),
    ("batch_norm", ["Batch normalisation", "Батч-нормализация", "نرمال‌سازی دسته‌ای"]),
    ("network_hint", ["A change here resets the race and keeps the seed.", "Изменение здесь перезапускает гонку с тем же зерном.", "هر تغییری در این بخش مسابقه را با همان بذر از نو شروع می‌کند."]),
    ("lessons", ["Lessons", "Уроки", "درس‌ها"]),
    ("lessons_hint", ["Each link opens the page in the lesson's exact state.", "Каждая ссылка открывает страницу точно в состоянии урока.", "هر پیوند صفحه را دقیقاً در وضعیت آن درس باز می‌کند."]),
    ("try_this", ["Try this:", "Попробуйте:", "امتحان کنید:"]),
    ("open_lesson", ["Open this lesson", "Открыть урок", "باز کردن این درس"]),
    ("lanes", ["Lanes", "Дорожки", "مسیرها"]),
    ("add_lane", ["Add lane", "Добавить дорожку", "افزودن مسیر"]),
    ("copy", ["Copy", "Копия", "رونوشت"]),
    ("optimizer", ["Optimizer", "Оптимизатор", "بهینه‌ساز"]),
    ("hyper_schedule", ["Hyperparameters and schedule", "Гиперпараметры и расписание", "ابرپارامترها و زمان‌بندی"]),
    ("schedule", ["Learning-rate schedule", "Расписание шага обучения", "زمان‌بندی نرخ یادگیری"]),
    ("lane_batch", ["batch size", "размер батча", "اندازهٔ بچ"]),
    ("layer", ["Layer", "Слой", "لایه"]),
    ("no_hidden", ["No hidden layer: a linear model.", "Нет скрытых слоёв: линейная модель.", "بدون لایهٔ پنهان: یک مدل خطی."]),
    ("class", ["Class", "Класс", "کلاس"]),
    ("train_loss", ["train loss", "потери на обучении", "هزینهٔ آموزش"]),
    ("test_loss", ["test loss", "потери на тесте", "هزینهٔ آزمون"]),
    ("accuracy", ["accuracy", "точность", "دقت"]),
    ("train", ["train", "обучение", "آموزش"]),
    ("test", ["test", "тест", "آزمون"]),
    ("curves", ["Curves", "Кривые", "نمودارها"]),
    ("log_scale", ["Log scale", "Логарифмическая шкала", "مقیاس لگاریتمی"]),
    ("chart_train", ["Train loss", "Потери на обучении", "هزینهٔ آموزش"]),
    ("chart_test", ["Test loss", "Потери на тесте", "هزینهٔ آزمون"]),
    ("chart_test_accuracy", ["Test accuracy", "Точность на тесте", "دقت آزمون"]),
    ("chart_train_accuracy", ["Train accuracy", "Точность на обучении", "دقت آموزش"]),
    ("chart_landscape", ["Loss above its least value", "Потери над минимумом", "هزینه بالاتر از کمینه"]),
    ("inspector", ["Inside the optimizer", "Внутри оптимизатора", "درون بهینه‌ساز"]),
    ("lane", ["Lane", "Дорожка", "مسیر"]),
    ("inspector_hint", ["The network of the chosen lane: orange edges are negative weights, blue positive, thicker is larger; each neuron shows what it responds to. Click an edge to follow that weight.", "Сеть выбранной дорожки: оранжевые рёбра — отрицательные веса, синие — положительные, толще — больше по модулю; каждый нейрон показывает, на что он откликается. Щёлкните по ребру, чтобы следить за этим весом.", "شبکهٔ مسیر انتخاب‌شده: یال‌های نارنجی وزن‌های منفی و آبی‌ها مثبت‌اند و ضخیم‌تر یعنی بزرگ‌تر؛ هر نورون نشان می‌دهد به چه چیزی پاسخ می‌دهد. روی یک یال کلیک کنید تا آن وزن را دنبال کنید."]),
    ("click_weight", ["click a weight in the diagram to follow it", "щёлкните по весу на схеме, чтобы следить за ним", "برای دنبال کردن یک وزن، روی آن در نمودار کلیک کنید"]),
    ("focus_lane", ["Arrows and caption for", "Стрелки и пояснение для", "پیکان‌ها و توضیح برای"]),
    ("whole_view", ["Whole view", "Весь вид", "نمای کامل"]),
    ("hypermap", ["Hyperparameter map", "Карта гиперпараметров", "نقشهٔ ابرپارامترها"]),
    ("hypermap_hint", ["Runs the chosen lane's optimizer from the start for every cell of a grid of two hyperparameters and colours each cell by the final loss (dark grey: diverged). Click a cell to give the lane those values.", "Запускает оптимизатор выбранной дорожки со старта в каждой клетке сетки двух гиперпараметров и красит клетку по итоговым потерям (тёмно-серый — расходимость). Щёлкните по клетке, чтобы передать дорожке эти значения.", "بهینه‌ساز مسیر انتخاب‌شده را از نقطهٔ شروع برای هر خانه از شبکه‌ای از دو ابرپارامتر اجرا می‌کند و هر خانه را بر اساس هزینهٔ نهایی رنگ می‌کند (خاکستری تیره: واگرا). روی یک خانه کلیک کنید تا همان مقادیر به مسیر داده شود."]),
    ("across", ["Across", "По горизонтали", "افقی"]),
    ("up", ["Up", "По вертикали", "عمودی"]),
    ("from", ["From", "От", "از"]),
    ("to", ["to", "до", "تا"]),
    ("log_across", ["log across", "лог. по горизонтали", "لگاریتمی افقی"]),
    ("log_up", ["log up", "лог. по вертикали", "لگاریتمی عمودی"]),
    ("cells", ["Cells per side", "Клеток по стороне", "خانه در هر ضلع"]),
    ("cell_steps", ["Steps per cell", "Шагов на клетку", "گام برای هر خانه"]),
    ("compute_map", ["Compute map", "Построить карту", "محاسبهٔ نقشه"]),
    ("share", ["Share, embed, export", "Поделиться, встроить, выгрузить", "اشتراک، جاسازی، خروجی"]),
    ("share_link", ["Link to this exact state", "Ссылка на это состояние", "پیوند به همین وضعیت"]),
    ("share_embed", ["compact (embed)", "компактно (встраивание)", "فشرده (جاسازی)"]),
    ("share_autoplay", ["start playing", "запускать сразу", "اجرای خودکار"]),
    ("share_show", ["Panels shown", "Показываемые панели", "بخش‌های نمایش‌داده‌شده"]),
    ("share_lock", ["Panels fixed (read-only)", "Закреплённые панели (только чтение)", "بخش‌های ثابت (فقط خواندنی)"]),
    ("share_iframe", ["For a course page", "Для страницы курса", "برای صفحهٔ درس"]),
    ("export_png", ["Comparison as PNG", "Сравнение в PNG", "مقایسه به صورت PNG"]),
    ("chart", ["Chart", "График", "نمودار"]),
    ("export_chart", ["Chart as PNG", "График в PNG", "نمودار به صورت PNG"]),
    ("export_metrics", ["Metrics (CSV)", "Метрики (CSV)", "معیارها (CSV)"]),
    ("export_config", ["Race with weights (JSON)", "Гонка с весами (JSON)", "مسابقه با وزن‌ها (JSON)"]),
    ("export_data", ["Data (CSV)", "Данные (CSV)", "داده‌ها (CSV)"]),
    ("import_config", ["Open a race (JSON)", "Открыть гонку (JSON)", "باز کردن مسابقه (JSON)"]),
    ("import_points", ["Your points (CSV: x,y,label)", "Свои точки (CSV: x,y,label)", "نقاط خودتان (CSV: x,y,label)"]),
    ("zoom_in", ["Zoom in", "Приблизить", "بزرگ‌نمایی"]),
    ("activation.tanh", ["Tanh", "Tanh (гиперболический тангенс)", "Tanh (تانژانت هذلولوی)"]),
    ("activation.relu", ["ReLU", "ReLU (выпрямитель)", "ReLU (یکسوساز)"]),
    ("activation.leaky_relu", ["Leaky ReLU (0.01)", "Leaky ReLU (0,01)", "ReLU نشتی (0.01)"]),
    ("activation.elu", ["ELU (α = 1)", "ELU (экспоненциально-линейная, α = 1)", "ELU (نمایی خطی، α = 1)"]),
    ("activation.sigmoid", ["Sigmoid", "Сигмоида", "سیگموید"]),
    ("activation.linear", ["Linear", "Линейная", "خطی"]),
    ("init.zeros", ["Zeros (symmetric)", "Нули (симметрия)", "صفر (متقارن)"]),
    ("init.uniform", ["Uniform ±0.5", "Равномерная ±0,5", "یکنواخت ±0.5"]),
    ("init.xavier_uniform", ["Xavier/Glorot uniform", "Ксавье/Глоро, равномерная", "زاویر/گلورو یکنواخت"]),
    ("init.xavier_normal", ["Xavier/Glorot normal", "Ксавье/Глоро, нормальная", "زاویر/گلورو نرمال"]),
    ("init.he_normal", ["He/Kaiming normal", "Хе/Кайминг, нормальная", "هی/کایمینگ نرمال"]),
    ("schedule.constant", ["Constant", "Постоянный", "ثابت"]),
    ("schedule.StepLR", ["Step decay (StepLR)", "Ступенчатое убывание (StepLR)", "کاهش پله‌ای (StepLR)"]),
    ("schedule.MultiStepLR", ["Drops at milestones (MultiStepLR)", "Спады на вехах (MultiStepLR)", "افت در نقاط مشخص (MultiStepLR)"]),
    ("schedule.ExponentialLR", ["Exponential (ExponentialLR)", "Экспоненциальное (ExponentialLR)", "نمایی (ExponentialLR)"]),
    ("schedule.CosineAnnealingLR", ["Cosine annealing", "Косинусный отжиг", "کاهش کسینوسی"]),
    ("schedule.CosineAnnealingWarmRestarts", ["Cosine with warm restarts", "Косинус с тёплыми перезапусками", "کسینوسی با شروع‌های دوباره"]),
    ("schedule.LinearLR", ["Linear warm-up (LinearLR)", "Линейный разогрев (LinearLR)", "گرم‌کردن خطی (LinearLR)"]),
    ("schedule.PolynomialLR", ["Polynomial (PolynomialLR)", "Полиномиальное (PolynomialLR)", "چندجمله‌ای (PolynomialLR)"]),
    ("schedule.OneCycleLR", ["One cycle (OneCycleLR)", "Один цикл (OneCycleLR)", "یک چرخه (OneCycleLR)"]),
    ("schedule.inverse_time", ["Inverse time: lr / (1 + decay·t)", "Обратное время: lr / (1 + decay·t)", "زمان معکوس: lr / (1 + decay·t)"]),
    ("schedule.power", ["Power: lr / t^p", "Степенное: lr / t^p", "توانی: lr / t^p"]),
    ("notice.cleared", ["All points removed: click on a map to draw points of the chosen class; the race starts once both classes have points.", "Все точки убраны: щёлкайте по карте, чтобы рисовать точки выбранного класса; гонка начнётся, когда будут точки обоих классов.", "همهٔ نقاط پاک شد: برای کشیدن نقاطی از کلاس انتخاب‌شده روی نقشه کلیک کنید؛ مسابقه وقتی شروع می‌شود که هر دو کلاس نقطه داشته باشند."]),
    ("notice.no_race", ["There is no race to export yet.", "Пока нечего выгружать: гонки нет.", "هنوز مسابقه‌ای برای خروجی گرفتن نیست."]),
    ("notice.not_race_file", ["That file is not a race exported from this page.", "Этот файл — не гонка, выгруженная с этой страницы.", "این پرونده مسابقه‌ای نیست که از این صفحه گرفته شده باشد."]),
    ("notice.link_parts", ["Parts of the link were not used (the rest is loaded): {0}.", "Часть ссылки не использована (остальное загружено): {0}.", "بخشی از پیوند استفاده نشد (بقیه بارگذاری شد): {0}."]),
    ("notice.points_read", ["{0} points read; {1} rows refused: {2}", "Прочитано точек: {0}; отклонено строк: {1}: {2}", "{0} نقطه خوانده شد؛ {1} سطر رد شد: {2}"]),
    ("notice.no_points", ["No point could be read. {0}", "Не удалось прочитать ни одной точки. {0}", "هیچ نقطه‌ای خوانده نشد. {0}"]),
    ("cap.waits", ["{0} waits at the start.", "{0} ждёт на старте.", "{0} در نقطهٔ شروع منتظر است."]),
    ("cap.step", ["Step {0}: {1}. g = ({2}, {3}), step taken = ({4}, {5}), loss {6}.", "Шаг {0}: {1}. g = ({2}, {3}), сделанный шаг = ({4}, {5}), потери {6}.", "گام {0}: {1}. g = ({2}, {3})، گام برداشته‌شده = ({4}, {5})، هزینه {6}."]),
    ("axis_step", ["step", "шаг", "گام"]),
    ("axis_loss", ["loss", "потери", "هزینه"]),
    ("axis_accuracy", ["accuracy", "точность", "دقت"]),
    ("axis_lr", ["lr", "шаг", "نرخ"]),
    ("axis_value", ["value", "значение", "مقدار"]),
    ("perf_fps", ["fps", "кадр/с", "قاب بر ثانیه"]),
    ("perf_steps", ["training steps/s per lane", "шагов обучения/с на дорожку", "گام آموزش در ثانیه برای هر مسیر"]),
    ("perf_first", ["first heatmap after", "первая карта через", "نخستین نقشه پس از"]),
    ("perf_paused", ["paused, last measured:", "пауза, последний замер:", "متوقف، آخرین اندازه‌گیری:"]),
    ("dataset.circle", ["Circle", "Круг", "دایره"]),
    ("dataset.xor", ["Exclusive or", "Исключающее ИЛИ", "یای انحصاری (XOR)"]),
    ("dataset.gaussians", ["Two Gaussians", "Два гауссовых облака", "دو ابر گاوسی"]),
    ("dataset.spiral", ["Spiral", "Спираль", "مارپیچ"]),
    ("dataset.spiral3", ["Three-arm spiral", "Трёхрукавная спираль", "مارپیچ سه‌بازو"]),
    ("dataset.moons", ["Moons", "Полумесяцы", "هلال‌ها"]),
    ("dataset.checkerboard", ["Checkerboard", "Шахматная доска", "صفحهٔ شطرنجی"]),
    ("surface.quadratic", ["Elongated bowl", "Вытянутая чаша", "کاسهٔ کشیده"]),
    ("surface.rosenbrock", ["Rosenbrock valley", "Долина Розенброка", "درهٔ روزنبراک"]),
    ("surface.beale", ["Beale", "Функция Била", "تابع بیل"]),
    ("surface.himmelblau", ["Himmelblau (four minima)", "Химмельблау (четыре минимума)", "هیملبلاو (چهار کمینه)"]),
    ("surface.saddle", ["Saddle point", "Седловая точка", "نقطهٔ زینی"]),
    ("surface.rastrigin", ["Rastrigin (many local minima)", "Растригин (много локальных минимумов)", "راستریگین (کمینه‌های محلی فراوان)"]),
    ("surface.regression", ["Linear regression loss", "Потери линейной регрессии", "هزینهٔ رگرسیون خطی"]),
    ("loss.cross_entropy", ["Cross-entropy", "Перекрёстная энтропия", "آنتروپی متقاطع"]),
    ("loss.squared_error", ["Squared error", "Квадратичная ошибка", "خطای مربعی"]),
    ("msg_not_number", ["is not a number", "— не число", "عدد نیست"]),
    ("msg_enter_number", ["enter a number", "введите число", "یک عدد وارد کنید"]),
    ("msg_between", ["must be between {0} and {1}", "должно быть от {0} до {1}", "باید بین {0} و {1} باشد"]),
    ("msg_whole", ["must be a whole number from {0} to {1}", "должно быть целым числом от {0} до {1}", "باید عددی صحیح از {0} تا {1} باشد"]),
    ("msg_diverged", ["diverged at step {0}: {1}; lower the learning rate", "разошлась на шаге {0}: {1}; уменьшите шаг обучения", "در گام {0} واگرا شد: {1}؛ نرخ یادگیری را کم کنید"]),
    ("cause.loss became NaN", ["loss became NaN", "потери стали NaN", "هزینه NaN شد"]),
    ("cause.loss became infinite", ["loss became infinite", "потери стали бесконечными", "هزینه بی‌نهایت شد"]),
    ("cause.loss passed 1e10", ["loss passed 1e10", "потери превысили 1e10", "هزینه از 1e10 گذشت"]),
    ("cause.the weights stopped being finite numbers", ["the weights stopped being finite numbers", "веса перестали быть конечными числами", "وزن‌ها دیگر عدد متناهی نیستند"]),
    ("zoom_out", ["Zoom out", "Отдалить", "کوچک‌نمایی"]),
    ("stop", ["Stop", "Стоп", "توقف کامل"]),
];

/// Phrases the engine writes in English, found by that text (gettext style), so the code that
/// writes a phrase names no key: today what an optimizer's step did, for the landscape caption
/// (each optimizer's `Describe::caption`). `[English, Russian, Persian]`.
const BY_ENGLISH: &[[&str; 3]] = &[
    ["gradient added to the velocity (the old velocity shrunk by the momentum); step along the velocity", "градиент добавлен к скорости (старая скорость уменьшена моментумом); шаг вдоль скорости", "گرادیان به سرعت افزوده شد (سرعت قبلی با مومنتوم کوچک شد)؛ گام در جهت سرعت"],
    ["step against the gradient, scaled by the learning rate", "шаг против градиента, умноженного на шаг обучения", "گامی در خلاف جهت گرادیان، ضرب در نرخ یادگیری"],
    ["squared gradient added to the running sum; step divided by its root, so it only shrinks", "квадрат градиента добавлен к сумме; шаг делится на её корень, поэтому только уменьшается", "مجذور گرادیان به مجموع افزوده شد؛ گام بر ریشهٔ آن تقسیم می‌شود، پس فقط کوچک می‌شود"],
    ["squared gradient added to the running average; step divided by its root", "квадрат градиента добавлен в скользящее среднее; шаг делится на его корень", "مجذور گرادیان وارد میانگین متحرک شد؛ گام بر ریشهٔ آن تقسیم می‌شود"],
    ["squared gradient averaged; step scaled by the root of the average past squared steps over it", "квадрат градиента усреднён; шаг масштабирован отношением корня из среднего квадрата прошлых шагов к нему", "مجذور گرادیان میانگین گرفته شد؛ گام با نسبت ریشهٔ میانگین مجذور گام‌های گذشته به آن مقیاس شد"],
    ["gradient averaged into the first moment, its square into the second; step = first moment over the root of the second", "градиент усреднён в первый момент, его квадрат — во второй; шаг = первый момент, делённый на корень второго", "گرادیان در گشتاور اول و مجذورش در گشتاور دوم میانگین شد؛ گام = گشتاور اول تقسیم بر ریشهٔ گشتاور دوم"],
    ["first moment over the largest recent gradient size", "первый момент, делённый на наибольший недавний размер градиента", "گشتاور اول تقسیم بر بزرگ‌ترین اندازهٔ گرادیان اخیر"],
    ["only the sign of the gradient used; each coordinate's step grows while the sign holds and shrinks when it flips", "используется только знак градиента; шаг каждой координаты растёт, пока знак сохраняется, и уменьшается при смене знака", "فقط علامت گرادیان به کار رفت؛ گام هر مختصه تا وقتی علامت ثابت است بزرگ و با عوض شدن علامت کوچک می‌شود"],
    ["plain gradient step, while an average of the points is kept", "обычный градиентный шаг, при этом хранится среднее точек", "گام گرادیان ساده، در حالی که میانگین نقاط نگه داشته می‌شود"],
];

/// The text of `key` in `lang`, or the key itself when there is no such entry.
pub fn t(lang: Lang, key: &str) -> &str {
    lookup(lang, key).unwrap_or(key)
}

/// The text of `key` in `lang`, if the key exists.
pub fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    STRINGS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, texts)| texts[lang.column()])
}

/// `english` in `lang`, or `english` itself when it has no translation.
pub fn translate(lang: Lang, english: &str) -> &str {
    BY_ENGLISH
        .iter()
        .find(|texts| texts[0] == english)
        .map_or(english, |texts| texts[lang.column()])
}

/// Every phrase [`translate`] knows, in English.
pub fn phrases() -> impl Iterator<Item = &'static str> {
    BY_ENGLISH.iter().map(|texts| texts[0])
}

/// `template` (from [`t`]) with `{0}`, `{1}` replaced by `args`.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = template.to_string();
    for (i, a) in args.iter().enumerate() {
        out = out.replace(&format!("{{{i}}}"), a);
    }
    out
}

/// A message of the engine or the page, in `lang`: the common forms (a field that is not a
/// number or out of range, a lane that diverged) are translated; others stay in English.
pub fn message(lang: Lang, text: &str) -> String {
    if lang == Lang::En {
        return text.to_string();
    }
    if let Some(value) = text.strip_suffix(" is not a number") {
        return format!("{value} {}", t(lang, "msg_not_number"));
    }
    if text == "enter a number" {
        return t(lang, "msg_enter_number").to_string();
    }
    let between = |rest: &str, sep: &str| -> Option<(String, String)> {
        let (a, b) = rest.split_once(sep)?;
        Some((a.to_string(), b.to_string()))
    };
    if let Some((a, b)) = text
        .strip_prefix("must be between ")
        .and_then(|r| between(r, " and "))
    {
        return fill(t(lang, "msg_between"), &[&a, &b]);
    }
    if let Some((a, b)) = text
        .strip_prefix("must be a whole number from ")
        .and_then(|r| between(r, " to "))
    {
        return fill(t(lang, "msg_whole"), &[&a, &b]);
    }
    if let Some(rest) = text.strip_prefix("diverged at step ") {
        if let Some((step, cause)) = rest
            .strip_suffix("; lower the learning rate")
            .and_then(|r| r.split_once(": "))
        {
            let key = format!("cause.{cause}");
            let cause = t(lang, &key);
            let cause = if cause == key {
                cause.trim_start_matches("cause.")
            } else {
                cause
            };
            return fill(t(lang, "msg_diverged"), &[step, cause]);
        }
    }
    text.to_string()
}

/// Every key, for checks that each element's `data-i18n` exists.
pub fn keys() -> impl Iterator<Item = &'static str> {
    STRINGS.iter().map(|(k, _)| *k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_is_translated_and_keys_are_unique() {
        let mut seen = std::collections::HashSet::new();
        let keyed = STRINGS.iter().map(|(key, texts)| (*key, texts));
        let by_english = BY_ENGLISH.iter().map(|texts| (texts[0], texts));
        for (key, texts) in keyed.chain(by_english) {
            assert!(seen.insert(key), "{key} twice");
            for text in texts {
                assert!(!text.trim().is_empty(), "{key}");
            }
            assert!(
                texts[1]
                    .chars()
                    .any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap())
                        || c.is_ascii_digit()
                        || c.is_ascii_punctuation()
                        || c == 'L'),
                "{key}: Russian"
            );
            assert!(
                texts[2]
                    .chars()
                    .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
                    || texts[2].contains("CSV")
                    || texts[2].contains("L1")
                    || texts[2].contains("L2"),
                "{key}: Persian"
            );
        }
    }

    #[test]
    fn common_messages_are_translated() {
        assert_eq!(
            message(Lang::Ru, "\"lots\" is not a number"),
            "\"lots\" — не число"
        );
        assert_eq!(
            message(Lang::Fa, "must be between 0 and 1"),
            "باید بین 0 و 1 باشد"
        );
        assert_eq!(
            message(Lang::Ru, "must be a whole number from 1 to 32"),
            "должно быть целым числом от 1 до 32"
        );
        assert_eq!(
            message(
                Lang::Ru,
                "diverged at step 812: loss became NaN; lower the learning rate"
            ),
            "разошлась на шаге 812: потери стали NaN; уменьшите шаг обучения"
        );
        assert_eq!(
            message(Lang::En, "must be between 0 and 1"),
            "must be between 0 and 1"
        );
        assert_eq!(message(Lang::Fa, "something else"), "something else");
    }

    #[test]
    fn lookups_fall_back_to_the_key() {
        assert_eq!(t(Lang::Ru, "play"), "Пуск");
        assert_eq!(t(Lang::Fa, "play"), "اجرا");
        assert_eq!(t(Lang::En, "no-such-key"), "no-such-key");
        let plain = "step against the gradient, scaled by the learning rate";
        assert_eq!(
            translate(Lang::Ru, plain),
            "шаг против градиента, умноженного на шаг обучения"
        );
        assert_eq!(translate(Lang::En, plain), plain);
        assert_eq!(translate(Lang::Fa, "no such phrase"), "no such phrase");
        assert_eq!(Lang::Fa.dir(), "rtl");
        assert_eq!(Lang::from_browser(["de-DE", "ru-RU", "en"]), Lang::Ru);
        assert_eq!(Lang::from_browser(["fa"]), Lang::Fa);
        assert_eq!(Lang::from_browser(["de"]), Lang::En);
    }
}
