#include "cell_edit.h"

#include <QLocale>

namespace rackplan::gui {
namespace {

std::string utf8(const QString& s) { return s.toStdString(); }

const char* figure_key(FigureTableModel::ColumnId column) {
    switch (column) {
        case FigureTableModel::Value: return "value";
        case FigureTableModel::Unit: return "unit";
        case FigureTableModel::Low: return "low";
        case FigureTableModel::High: return "high";
        case FigureTableModel::Source: return "source";
        case FigureTableModel::Confidence: return "confidence";
        case FigureTableModel::Note: return "note";
        case FigureTableModel::Path:
        case FigureTableModel::ColumnCount: break;
    }
    return "";
}

}  // namespace

std::string list_key(EntryKind kind) {
    switch (kind) {
        case EntryKind::chips: return "chips";
        case EntryKind::systems: return "systems";
        case EntryKind::models: return "models";
        case EntryKind::fabrics: return "fabrics";
    }
    return {};
}

io::FieldValue number_value(const QString& text) {
    const QString t = text.trimmed();
    if (t.isEmpty()) return std::monostate{};
    bool ok = false;
    const double x = QLocale::c().toDouble(t, &ok);  // "1e3", "nan", "inf"; never the user's decimal comma
    if (ok) return x;
    return utf8(t);
}

io::FieldEdit cell_edit(EntryKind kind, const QString& id, const DetailRow& row, FigureTableModel::ColumnId column,
                        const QString& text) {
    io::FieldEdit e{list_key(kind), utf8(id), utf8(row.path), std::monostate{}};
    if (!row.confidence) {  // a model's exact value: a count, a flag or a word (ffn_act)
        const QString t = text.trimmed();
        if (t == QLatin1String("true") || t == QLatin1String("false")) e.value = t == QLatin1String("true");
        else e.value = number_value(t);
        return e;
    }
    e.field += std::string(".") + figure_key(column);
    switch (column) {
        case FigureTableModel::Value:
        case FigureTableModel::Low:
        case FigureTableModel::High: e.value = number_value(text); break;
        case FigureTableModel::Note:
            // Notes are free text, kept as typed; an empty one is no note.
            if (!text.isEmpty()) e.value = utf8(text);
            break;
        default: e.value = utf8(text.trimmed()); break;
    }
    return e;
}

io::FieldEdit entry_field_edit(EntryKind kind, const QString& id, const QString& field, const QString& text) {
    return {list_key(kind), utf8(id), utf8(field), utf8(text)};
}

}  // namespace rackplan::gui
