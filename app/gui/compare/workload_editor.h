#pragma once
// The workload of a comparison: a catalog model (its architecture shown, read-only) or a
// custom architecture (every field editable, starting from the model last chosen), training
// or serving, the job (training: sequence length, global batch, precision, train tokens;
// serving: prompt and output lengths, TTFT and TPOT limits, weight and KV-cache formats, a
// fixed batch) and the chips per system given to every candidate. Only the chosen mode's
// fields show. Issues from core's row reader mark the field they name.
#include <map>
#include <string>

#include <QWidget>

#include "compare/comparison_input.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace rackplan::gui {

class WorkloadEditor : public QWidget {
    Q_OBJECT
public:
    explicit WorkloadEditor(QWidget* parent = nullptr);

    void set_catalog(const hw::Catalog& catalog);
    // Shows the workload fields of `input` (candidates are not here). Emits nothing.
    void set_input(const ComparisonInput& input);
    // Writes the workload fields into `input`.
    void fill(ComparisonInput& input) const;
    // Marks the fields named by the issues' paths (batch column names) and lists the issues.
    void show_issues(const Issues& issues);

    [[nodiscard]] int chips_per_system() const;
    void set_chips_per_system(int chips);
    // Selects the catalog model `id`, or the custom architecture for an empty id.
    void select_model(const QString& id);
    [[nodiscard]] QComboBox& model_box() { return *model_; }
    [[nodiscard]] QComboBox& mode_box() { return *mode_; }
    [[nodiscard]] engine::Mode mode() const;
    // The input widget of a batch column ("kv_dtype", "output_len", "seq_len", ...), or nullptr.
    [[nodiscard]] QWidget* editor_for(const std::string& column) const;
    [[nodiscard]] QLineEdit& name_field() { return *name_; }
    [[nodiscard]] QSpinBox* field(const std::string& column) const;
    [[nodiscard]] QString issues_text() const;

signals:
    void changed();
    void chipsPerSystemChanged(int chips);

private:
    void show_architecture(const workload::Model& m, bool editable);
    void model_chosen();
    void architecture_edited();
    void show_mode();
    QWidget* build_training();
    QWidget* build_serving();

    const hw::Catalog* catalog_ = nullptr;
    workload::Model custom_;
    bool filling_ = false;
    QComboBox* mode_;
    QComboBox* model_;
    QLineEdit* name_;
    std::map<std::string, QSpinBox*> arch_;  // by batch column name
    QComboBox* ffn_act_;
    QSpinBox* seq_len_;
    QSpinBox* global_batch_;
    QComboBox* dtype_;
    QSpinBox* chips_;
    QDoubleSpinBox* train_tokens_;  // billions; 0 = not given
    QWidget* training_;             // the training fields
    QWidget* serving_;              // the serving fields
    QSpinBox* input_len_;
    QSpinBox* output_len_;
    QDoubleSpinBox* ttft_slo_;      // ms; 0 = no limit
    QDoubleSpinBox* tpot_slo_;
    QComboBox* weight_dtype_;       // item data: the cell text
    QComboBox* kv_dtype_;
    QSpinBox* batch_;               // 0 = searched
    QLabel* issues_;
};

}  // namespace rackplan::gui
