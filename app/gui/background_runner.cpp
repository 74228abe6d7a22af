#include "background_runner.h"

namespace rackplan::gui {

BackgroundRunner::BackgroundRunner(QObject* parent) : QObject(parent) {
    // A replaced job may still be winding down while its successor starts.
    pool_.setMaxThreadCount(2);
}

BackgroundRunner::~BackgroundRunner() {
    if (current_cancel_) current_cancel_->store(true);
    pool_.waitForDone();
}

quint64 BackgroundRunner::begin() {
    if (current_cancel_) current_cancel_->store(true);
    current_cancel_ = std::make_shared<std::atomic<bool>>(false);
    ++job_;
    if (!busy_) {
        busy_ = true;
        emit busyChanged(true);
    }
    emit progressChanged(0.0);
    return job_;
}

void BackgroundRunner::finish() {
    busy_ = false;
    emit progressChanged(1.0);
    emit busyChanged(false);
}

void BackgroundRunner::cancel() {
    if (!busy_) return;
    current_cancel_->store(true);
    ++job_;  // whatever the cancelled job still delivers is stale
    busy_ = false;
    emit busyChanged(false);
}

void BackgroundRunner::post_progress(quint64 job, double fraction) {
    // From a worker thread: hop to this object's thread; stale jobs are ignored there.
    QMetaObject::invokeMethod(
        this, [this, job, fraction] {
            if (job == job_ && busy_) emit progressChanged(fraction);
        },
        Qt::QueuedConnection);
}

}  // namespace rackplan::gui
