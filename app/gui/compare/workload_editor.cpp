#include "workload_editor.h"

#include <algorithm>

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include "number_format.h"

namespace rackplan::gui {
namespace {

struct ArchField {
    const char* column;
    const char* label;
    int workload::Model::*field;
    const char* tip;
};
constexpr ArchField kFields[] = {
    {"layers", "Layers", &workload::Model::layers, "Transformer blocks"},
    {"hidden", "Hidden", &workload::Model::hidden, "Model width"},
    {"heads", "Heads", &workload::Model::heads, "Query heads"},
    {"kv_heads", "KV heads", &workload::Model::kv_heads, "Key/value heads (grouped-query attention)"},
    {"head_dim", "Head dim", &workload::Model::head_dim, "Width of one attention head"},
    {"ffn", "FFN", &workload::Model::ffn, "Dense FFN inner width"},
    {"vocab", "Vocabulary", &workload::Model::vocab, "Tokens in the vocabulary"},
    {"experts", "Experts", &workload::Model::experts, "Routed experts per MoE layer; 0 = dense"},
    {"experts_per_token", "Experts/token", &workload::Model::experts_per_token, "Routed experts each token uses"},
    {"expert_ffn", "Expert FFN", &workload::Model::expert_ffn, "Inner width of one expert"},
    {"shared_experts", "Shared experts", &workload::Model::shared_experts, "Experts every token uses"},
    {"dense_layers", "Dense layers", &workload::Model::dense_layers, "Leading dense blocks of an MoE model"},
};

constexpr hw::Dtype kTrainDtypes[] = {hw::Dtype::bf16, hw::Dtype::fp16, hw::Dtype::fp8, hw::Dtype::mxfp8,
                                      hw::Dtype::fp32};

QSpinBox* spin(QWidget* parent, int lo, int hi) {
    auto* s = new QSpinBox(parent);
    s->setRange(lo, hi);
    s->setKeyboardTracking(false);  // typed numbers apply on Enter or focus change, arrows at once
    s->setAccelerated(true);
    return s;
}

const QString kMarked = QStringLiteral("background-color: #fde8e6;");

// Formats a serving engine stores weights and KV cache in (the batch contract's list).
constexpr hw::Dtype kServeDtypes[] = {hw::Dtype::bf16, hw::Dtype::fp16, hw::Dtype::fp8, hw::Dtype::int8,
                                      hw::Dtype::mxfp8, hw::Dtype::fp4, hw::Dtype::mxfp4};

struct Row {
    const char* label;
    QWidget* widget;
    const char* tip;
};

// Label and field pairs, two to a line.
void place_pairs(QWidget* owner, QGridLayout* grid, std::initializer_list<Row> rows) {
    int i = 0;
    for (const Row& r : rows) {
        auto* l = new QLabel(QString::fromUtf8(r.label), owner);
        l->setBuddy(r.widget);
        r.widget->setToolTip(QString::fromUtf8(r.tip));
        r.widget->setProperty("baseTip", r.widget->toolTip());
        grid->addWidget(l, i / 2, (i % 2) * 2);
        grid->addWidget(r.widget, i / 2, (i % 2) * 2 + 1);
        ++i;
    }
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(3, 1);
}

QGridLayout* pair_grid(QWidget* w) {
    auto* grid = new QGridLayout(w);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(6);
    grid->setVerticalSpacing(3);
    return grid;
}

// A millisecond limit where 0 reads "none".
QDoubleSpinBox* slo_field(QWidget* parent, const char* name) {
    auto* s = new QDoubleSpinBox(parent);
    s->setObjectName(QString::fromLatin1(name));
    s->setRange(0, 1'000'000);
    s->setDecimals(1);
    s->setSingleStep(10);
    s->setSuffix(QStringLiteral(" ms"));
    s->setSpecialValueText(QStringLiteral("none"));
    s->setKeyboardTracking(false);
    return s;
}

QComboBox* dtype_box(QWidget* parent, const char* name) {
    auto* c = new QComboBox(parent);
    c->setObjectName(QString::fromLatin1(name));
    for (hw::Dtype d : kServeDtypes) c->addItem(qstr(hw::to_string(d)), qstr(hw::to_string(d)));
    return c;
}

// Selects the cell text `text`; one the list lacks is added so the row reader can name it.
void select_text(QComboBox* c, const std::string& text) {
    int i = c->findData(qstr(text));
    if (i < 0) {
        c->addItem(qstr(text), qstr(text));
        i = c->count() - 1;
    }
    c->setCurrentIndex(i);
}

}  // namespace

WorkloadEditor::WorkloadEditor(QWidget* parent) : QWidget(parent) {
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    mode_ = new QComboBox(this);
    mode_->setObjectName(QStringLiteral("mode"));
    mode_->addItem(QStringLiteral("Training"), static_cast<int>(engine::Mode::train));
    mode_->addItem(QStringLiteral("Serving"), static_cast<int>(engine::Mode::infer));
    mode_->setToolTip(QStringLiteral("Train the model, or serve it (prefill and decode under latency limits)"));
    mode_->setProperty("baseTip", mode_->toolTip());
    form->addRow(QStringLiteral("W&orkload"), mode_);
    model_ = new QComboBox(this);
    model_->setObjectName(QStringLiteral("model"));
    model_->setToolTip(QStringLiteral("A catalog model, or a custom architecture to edit"));
    model_->setProperty("baseTip", model_->toolTip());
    model_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    model_->setMinimumContentsLength(16);
    name_ = new QLineEdit(this);
    name_->setToolTip(QStringLiteral("Your name for the custom architecture"));
    form->addRow(QStringLiteral("&Model"), model_);
    form->addRow(QStringLiteral("Name"), name_);
    outer->addLayout(form);

    auto* grid = new QGridLayout;
    grid->setHorizontalSpacing(6);
    grid->setVerticalSpacing(3);
    int cell = 0;
    auto place = [&](const QString& label, QWidget* w, const QString& tip) {
        auto* l = new QLabel(label, this);
        l->setBuddy(w);
        w->setToolTip(tip);
        w->setProperty("baseTip", tip);
        grid->addWidget(l, cell / 2, (cell % 2) * 2);
        grid->addWidget(w, cell / 2, (cell % 2) * 2 + 1);
        ++cell;
    };
    for (const ArchField& f : kFields) {
        QSpinBox* s = spin(this, 0, 10'000'000);
        s->setObjectName(QString::fromLatin1(f.column));
        arch_[f.column] = s;
        place(QString::fromLatin1(f.label), s, QString::fromLatin1(f.tip));
        connect(s, &QSpinBox::valueChanged, this, &WorkloadEditor::architecture_edited);
        if (std::string_view(f.column) == "vocab") {
            ffn_act_ = new QComboBox(this);
            ffn_act_->addItem(QStringLiteral("GELU"), QStringLiteral("gelu"));
            ffn_act_->addItem(QStringLiteral("SwiGLU"), QStringLiteral("swiglu"));
            place(QStringLiteral("FFN act."), ffn_act_, QStringLiteral("GELU: up + down; SwiGLU: gate + up + down"));
            connect(ffn_act_, &QComboBox::currentIndexChanged, this, &WorkloadEditor::architecture_edited);
        }
    }
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(3, 1);
    outer->addLayout(grid);

    outer->addWidget(build_training());
    outer->addWidget(build_serving());
    // One of the two shows at a time; the editor is as wide as the wider, so switching never
    // clips the panel it sits in.
    const int job_width = std::max(training_->sizeHint().width(), serving_->sizeHint().width());
    training_->setMinimumWidth(job_width);
    serving_->setMinimumWidth(job_width);
    chips_ = spin(this, 1, 10'000'000);
    chips_->setObjectName(QStringLiteral("chips"));
    chips_->setSingleStep(8);
    auto* common = new QGridLayout;
    common->setHorizontalSpacing(6);
    place_pairs(this, common, {{"Chips/system", chips_, "Chips given to every candidate (change one candidate in its row)"}});
    outer->addLayout(common);

    issues_ = new QLabel(this);
    issues_->setTextFormat(Qt::PlainText);
    issues_->setWordWrap(true);
    issues_->setStyleSheet(QStringLiteral("color: #a61b0f;"));
    issues_->hide();
    outer->addWidget(issues_);

    connect(model_, &QComboBox::currentIndexChanged, this, &WorkloadEditor::model_chosen);
    connect(name_, &QLineEdit::editingFinished, this, [this] {
        if (filling_ || name_->text().toStdString() == custom_.name) return;
        custom_.name = name_->text().toStdString();
        emit changed();
    });
    auto edited = [this] {
        if (!filling_) emit changed();
    };
    for (QSpinBox* s : {seq_len_, global_batch_, input_len_, output_len_, batch_})
        connect(s, &QSpinBox::valueChanged, this, edited);
    for (QDoubleSpinBox* s : {train_tokens_, ttft_slo_, tpot_slo_}) connect(s, &QDoubleSpinBox::valueChanged, this, edited);
    for (QComboBox* c : {dtype_, weight_dtype_, kv_dtype_}) connect(c, &QComboBox::currentIndexChanged, this, edited);
    connect(mode_, &QComboBox::currentIndexChanged, this, [this] {
        show_mode();
        if (!filling_) emit changed();
    });
    show_mode();
    connect(chips_, &QSpinBox::valueChanged, this, [this](int v) {
        if (!filling_) emit chipsPerSystemChanged(v);
    });
}

QWidget* WorkloadEditor::build_training() {
    training_ = new QWidget(this);
    seq_len_ = spin(training_, 1, 10'000'000);
    seq_len_->setObjectName(QStringLiteral("seq_len"));
    global_batch_ = spin(training_, 1, 10'000'000);
    global_batch_->setObjectName(QStringLiteral("global_batch"));
    dtype_ = new QComboBox(training_);
    dtype_->setObjectName(QStringLiteral("dtype"));
    for (hw::Dtype d : kTrainDtypes) dtype_->addItem(qstr(hw::to_string(d)), static_cast<int>(d));
    train_tokens_ = new QDoubleSpinBox(training_);
    train_tokens_->setObjectName(QStringLiteral("train_tokens"));
    train_tokens_->setRange(0, 1'000'000);
    train_tokens_->setDecimals(1);
    train_tokens_->setSingleStep(100);
    train_tokens_->setSuffix(QStringLiteral(" B"));
    train_tokens_->setSpecialValueText(QStringLiteral("per step only"));
    train_tokens_->setKeyboardTracking(false);
    place_pairs(training_, pair_grid(training_),
                {{"Seq. length", seq_len_, "Tokens per sequence"},
                 {"Global batch", global_batch_, "Sequences per optimizer step"},
                 {"Precision", dtype_, "Precision of the GEMMs"},
                 {"Train tokens", train_tokens_, "Tokens of the whole run, in billions: gives the time to train"}});
    return training_;
}

QWidget* WorkloadEditor::build_serving() {
    serving_ = new QWidget(this);
    input_len_ = spin(serving_, 0, 10'000'000);
    input_len_->setObjectName(QStringLiteral("input_len"));
    output_len_ = spin(serving_, 0, 10'000'000);
    output_len_->setObjectName(QStringLiteral("output_len"));
    ttft_slo_ = slo_field(serving_, "ttft_slo_ms");
    tpot_slo_ = slo_field(serving_, "tpot_slo_ms");
    weight_dtype_ = dtype_box(serving_, "weight_dtype");
    kv_dtype_ = dtype_box(serving_, "kv_dtype");
    batch_ = spin(serving_, 0, 100'000);
    batch_->setObjectName(QStringLiteral("batch"));
    batch_->setSpecialValueText(QStringLiteral("searched"));
    place_pairs(serving_, pair_grid(serving_),
                {{"Input length", input_len_, "Prompt tokens per request"},
                 {"Output length", output_len_, "Generated tokens per request"},
                 {"TTFT SLO", ttft_slo_, "Time-to-first-token limit; none: no limit (max throughput)"},
                 {"TPOT SLO", tpot_slo_, "Time-per-output-token limit; none: no limit (max throughput)"},
                 {"Weights", weight_dtype_, "Format the weights are stored in (FP8, INT8 and FP4 run natively where "
                                            "the chip multiplies them, else dequantized)"},
                 {"KV cache", kv_dtype_, "Format of the KV cache"},
                 {"Batch", batch_, "Sequences in flight per replica; searched: the largest meeting the SLOs and memory"}});
    return serving_;
}

engine::Mode WorkloadEditor::mode() const { return static_cast<engine::Mode>(mode_->currentData().toInt()); }

void WorkloadEditor::show_mode() {
    const bool serve = mode() == engine::Mode::infer;
    training_->setVisible(!serve);
    serving_->setVisible(serve);
}

void WorkloadEditor::set_catalog(const hw::Catalog& catalog) {
    catalog_ = &catalog;
    const QString current = model_->currentData().toString();
    filling_ = true;
    model_->clear();
    for (const workload::Model& m : catalog.models)
        model_->addItem(qstr(m.name) + QStringLiteral(" (") + qstr(m.id) + QLatin1Char(')'), qstr(m.id));
    model_->addItem(QStringLiteral("Custom architecture"), QString());
    filling_ = false;
    const int i = model_->findData(current);
    model_->setCurrentIndex(i >= 0 ? i : 0);
    model_chosen();
}

void WorkloadEditor::select_model(const QString& id) {
    const int i = id.isEmpty() ? model_->count() - 1 : model_->findData(id);
    if (i >= 0) model_->setCurrentIndex(i);
}

void WorkloadEditor::show_architecture(const workload::Model& m, bool editable) {
    const bool was = filling_;
    filling_ = true;
    for (const ArchField& f : kFields) {
        arch_[f.column]->setValue(m.*f.field);
        arch_[f.column]->setEnabled(editable);
    }
    ffn_act_->setCurrentIndex(m.ffn_act == workload::FfnActivation::swiglu ? 1 : 0);
    ffn_act_->setEnabled(editable);
    name_->setText(editable ? qstr(m.name) : QString());
    name_->setEnabled(editable);
    name_->setPlaceholderText(editable ? QString() : QStringLiteral("catalog model"));
    filling_ = was;
}

void WorkloadEditor::model_chosen() {
    if (filling_ || !catalog_) return;
    const QString id = model_->currentData().toString();
    if (id.isEmpty()) {
        // Custom: start from the model shown until now unless one is being edited already.
        if (custom_.layers == 0) custom_ = custom_from(*catalog_, catalog_->models.empty() ? "" : catalog_->models.front().id);
        show_architecture(custom_, true);
    } else if (const workload::Model* m = catalog_->find_model(id.toStdString())) {
        custom_ = custom_from(*catalog_, m->id);  // what "Custom architecture" starts from next
        show_architecture(*m, false);
    }
    emit changed();
}

void WorkloadEditor::architecture_edited() {
    if (filling_ || !model_->currentData().toString().isEmpty()) return;
    for (const ArchField& f : kFields) custom_.*f.field = arch_[f.column]->value();
    custom_.ffn_act = ffn_act_->currentIndex() == 1 ? workload::FfnActivation::swiglu : workload::FfnActivation::gelu;
    emit changed();
}

void WorkloadEditor::set_input(const ComparisonInput& in) {
    filling_ = true;
    if (in.model.empty()) {
        custom_ = in.custom;
        model_->setCurrentIndex(model_->count() - 1);
        show_architecture(custom_, true);
    } else {
        int i = model_->findData(qstr(in.model));
        if (i < 0) {  // a model the catalog no longer has: keep it, the run will say so
            model_->insertItem(0, qstr(in.model), qstr(in.model));
            i = 0;
        }
        model_->setCurrentIndex(i);
        const workload::Model* m = catalog_ ? catalog_->find_model(in.model) : nullptr;
        if (m) custom_ = custom_from(*catalog_, m->id);
        show_architecture(m ? *m : workload::Model{}, false);
    }
    mode_->setCurrentIndex(in.mode == engine::Mode::infer ? 1 : 0);
    show_mode();
    seq_len_->setValue(in.seq_len);
    global_batch_->setValue(in.global_batch);
    dtype_->setCurrentIndex(std::max(0, dtype_->findData(static_cast<int>(in.dtype))));
    train_tokens_->setValue(in.train_tokens ? *in.train_tokens / 1e9 : 0.0);
    input_len_->setValue(in.input_len);
    output_len_->setValue(in.output_len);
    ttft_slo_->setValue(in.ttft_slo_ms.value_or(0.0));
    tpot_slo_->setValue(in.tpot_slo_ms.value_or(0.0));
    select_text(weight_dtype_, in.weight_dtype);
    select_text(kv_dtype_, in.kv_dtype);
    batch_->setValue(in.batch.value_or(0));
    if (!in.candidates.empty()) chips_->setValue(in.candidates.front().chips);
    filling_ = false;
}

void WorkloadEditor::fill(ComparisonInput& in) const {
    in.model = model_->currentData().toString().toStdString();
    in.custom = custom_;
    in.seq_len = seq_len_->value();
    in.global_batch = global_batch_->value();
    in.dtype = static_cast<hw::Dtype>(dtype_->currentData().toInt());
    in.train_tokens = train_tokens_->value() > 0 ? std::optional<double>(train_tokens_->value() * 1e9) : std::nullopt;
    in.mode = mode();
    in.input_len = input_len_->value();
    in.output_len = output_len_->value();
    auto limit = [](const QDoubleSpinBox* s) { return s->value() > 0 ? std::optional<double>(s->value()) : std::nullopt; };
    in.ttft_slo_ms = limit(ttft_slo_);
    in.tpot_slo_ms = limit(tpot_slo_);
    in.weight_dtype = weight_dtype_->currentData().toString().toStdString();
    in.kv_dtype = kv_dtype_->currentData().toString().toStdString();
    in.batch = batch_->value() > 0 ? std::optional<int>(batch_->value()) : std::nullopt;
}

int WorkloadEditor::chips_per_system() const { return chips_->value(); }

void WorkloadEditor::set_chips_per_system(int chips) {
    filling_ = true;
    chips_->setValue(chips);
    filling_ = false;
}

QSpinBox* WorkloadEditor::field(const std::string& column) const {
    if (auto it = arch_.find(column); it != arch_.end()) return it->second;
    if (column == "seq_len") return seq_len_;
    if (column == "global_batch") return global_batch_;
    if (column == "input_len") return input_len_;
    if (column == "output_len") return output_len_;
    if (column == "batch") return batch_;
    return nullptr;
}

QWidget* WorkloadEditor::editor_for(const std::string& column) const {
    if (QSpinBox* s = field(column)) return s;
    const std::pair<const char*, QWidget*> others[] = {
        {"dtype", dtype_},           {"train_tokens", train_tokens_}, {"ffn_act", ffn_act_},
        {"model", model_},           {"mode", mode_},                 {"ttft_slo_ms", ttft_slo_},
        {"tpot_slo_ms", tpot_slo_},  {"weight_dtype", weight_dtype_}, {"kv_dtype", kv_dtype_}};
    for (const auto& [name, w] : others)
        if (column == name) return w;
    return nullptr;
}

void WorkloadEditor::show_issues(const Issues& issues) {
    std::vector<QWidget*> all{seq_len_,  global_batch_, dtype_,        train_tokens_, ffn_act_,  model_,    mode_,
                              input_len_, output_len_, ttft_slo_, tpot_slo_, weight_dtype_, kv_dtype_, batch_};
    for (auto& [column, s] : arch_) all.push_back(s);
    for (QWidget* w : all) {
        w->setStyleSheet(QString());
        w->setToolTip(w->property("baseTip").toString());
    }
    QStringList lines;
    for (const Issue& i : issues) {
        lines << qstr(i.path) + QStringLiteral(": ") + qstr(i.message);
        if (QWidget* w = editor_for(i.path)) {
            w->setStyleSheet(kMarked);
            w->setToolTip(qstr(i.message));
        }
    }
    issues_->setText(lines.join(QLatin1Char('\n')));
    issues_->setVisible(!lines.isEmpty());
}

QString WorkloadEditor::issues_text() const { return issues_->isHidden() ? QString() : issues_->text(); }

}  // namespace rackplan::gui
