#pragma once
// Runs heavy work (layout searches) off the GUI thread. One job at a time per runner: starting
// a new one cancels the one in flight (its result is dropped). Progress and the result come
// back to the GUI thread as queued events; the window never waits on a job.
#include <atomic>
#include <functional>
#include <memory>
#include <optional>

#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

namespace rackplan::gui {

class BackgroundRunner : public QObject {
    Q_OBJECT
public:
    using Progress = std::function<void(double)>;  // callable from any thread

    explicit BackgroundRunner(QObject* parent = nullptr);
    ~BackgroundRunner() override;  // cancels and waits: no job outlives its receivers

    // `work` runs on a pool thread with the job's cancel flag and progress callback; `done`
    // runs on this object's thread with the result, unless the job was cancelled or replaced.
    template <class T>
    void start(std::function<T(const std::atomic<bool>& cancel, const Progress& progress)> work,
               std::function<void(T&& result)> done) {
        const quint64 job = begin();
        auto cancel = current_cancel_;
        auto result = std::make_shared<std::optional<T>>();
        Progress progress = [this, job](double p) { post_progress(job, p); };
        auto* watcher = new QFutureWatcher<void>(this);
        connect(watcher, &QFutureWatcher<void>::finished, this, [this, watcher, job, cancel, result, done] {
            watcher->deleteLater();
            if (job != job_ || cancel->load() || !result->has_value()) return;
            finish();
            done(std::move(**result));
        });
        watcher->setFuture(QtConcurrent::run(&pool_, [work = std::move(work), cancel, result, progress] {
            *result = work(*cancel, progress);
        }));
    }

    // Stops the job in flight (it returns at its next cancellation check) and drops its result.
    void cancel();
    [[nodiscard]] bool busy() const { return busy_; }

signals:
    void busyChanged(bool busy);
    void progressChanged(double fraction);  // 0..1 of the job in flight

private:
    quint64 begin();
    void finish();
    void post_progress(quint64 job, double fraction);

    QThreadPool pool_;
    quint64 job_ = 0;
    bool busy_ = false;
    std::shared_ptr<std::atomic<bool>> current_cancel_;
};

}  // namespace rackplan::gui
