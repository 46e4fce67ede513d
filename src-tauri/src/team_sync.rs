//! The team server's background sync (issue 16): one thread for the open store that, once this
//! copy has joined a server, syncs on a timer, shortly after a local write (debounced), and as
//! soon as the server announces another copy's push (`team::Session`'s LISTEN); while the server
//! cannot be reached it retries with an exponential backoff, and local writes only update the
//! count of changes waiting. Nothing here blocks the UI or a command: the thread keeps the one
//! connection, and "Sync now" asks it and waits for its answer on the blocking pool.
//!
//! What a pull changed is announced by the store's change listener like any other write (the
//! merge is a `Store::write`), so open views refresh; after every attempt the window is sent
//! the copy's `TeamStatus` (event `team-status`) for the sidebar.

use passerelle_core::team::{self, Session, Synced};
use passerelle_core::{ApiError, Store};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};
use tauri::{AppHandle, Emitter};

/// The event carrying the copy's `TeamStatus` after each attempt.
pub const STATUS_EVENT: &str = "team-status";
/// How often a joined copy syncs when nothing else wakes it.
const EVERY: Duration = Duration::from_secs(60);
/// The first retry after a failure; each further failure doubles it, up to `LONGEST_RETRY`.
const FIRST_RETRY: Duration = Duration::from_secs(1);
const LONGEST_RETRY: Duration = Duration::from_secs(60);
/// A burst of local writes (typing in a form) goes out as one sync this long after it stops.
const DEBOUNCE: Duration = Duration::from_millis(300);
/// How long one wait for the server's announcement lasts before the thread looks at its own
/// wake-ups again.
const LISTEN_SLICE: Duration = Duration::from_millis(250);
/// The thread's name: its own writes (a merge, the notes of a sync) are not local edits.
const THREAD: &str = "team-sync";

type Reply = Sender<Result<Synced, ApiError>>;

enum Wake {
    /// A local write committed: send it soon.
    LocalWrite,
    /// Sync now ("Sync now"): the result goes back on the channel.
    Now(Reply),
    /// The copy joined or left a server: drop the connection, then sync (or stop) at once.
    Reset,
}

/// The handle the commands and the change listener hold (Tauri state).
#[derive(Clone)]
pub struct TeamSync {
    wake: Sender<Wake>,
}

impl TeamSync {
    /// Starts the thread for `store`; it stops when the store is closed or this handle dropped.
    pub fn start(app: &AppHandle, store: &Arc<Store>) -> TeamSync {
        let (wake, woken) = mpsc::channel();
        let worker = Worker {
            app: app.clone(),
            store: Arc::downgrade(store),
            woken,
            session: None,
            retry: FIRST_RETRY,
            replies: Vec::new(),
        };
        let spawned = std::thread::Builder::new()
            .name(THREAD.into())
            .spawn(move || worker.run());
        if let Err(e) = spawned {
            tracing::error!("the team server's background sync did not start: {e}");
        }
        TeamSync { wake }
    }

    /// Told after every commit of this app: a local edit is sent soon (the thread's own
    /// writes are not edits to send).
    pub fn after_commit(&self) {
        if std::thread::current().name() != Some(THREAD) {
            let _ = self.wake.send(Wake::LocalWrite);
        }
    }

    /// The copy joined or left a server.
    pub fn reset(&self) {
        let _ = self.wake.send(Wake::Reset);
    }

    /// Syncs now and waits for the result (call it off the UI thread).
    pub fn sync_now(&self) -> Result<Synced, ApiError> {
        let (reply, answer) = mpsc::channel();
        let stopped = || ApiError {
            kind: "internal",
            message: "the team server's background sync is not running".into(),
            field: None,
            code: None,
            params: None,
        };
        self.wake.send(Wake::Now(reply)).map_err(|_| stopped())?;
        answer.recv().map_err(|_| stopped())?
    }
}

struct Worker {
    app: AppHandle,
    store: Weak<Store>,
    woken: Receiver<Wake>,
    /// The connection while the server answers; `None` when offline or not joined.
    session: Option<Session>,
    /// The wait before the next attempt after a failure.
    retry: Duration,
    /// Who waits for the next attempt's result ("Sync now").
    replies: Vec<Reply>,
}

/// What ends a wait.
enum Then {
    Attempt,
    Stop,
}

impl Worker {
    fn run(mut self) {
        let mut due = Instant::now();
        loop {
            if let Then::Stop = self.wait_until(due) {
                return;
            }
            let Some(store) = self.store.upgrade() else {
                return;
            };
            let result = self.attempt(&store);
            due = Instant::now()
                + match &result {
                    Ok(_) => {
                        self.retry = FIRST_RETRY;
                        EVERY
                    }
                    Err(_) => {
                        let wait = self.retry;
                        self.retry = (self.retry * 2).min(LONGEST_RETRY);
                        wait
                    }
                };
            for reply in self.replies.drain(..) {
                let _ = reply.send(match &result {
                    Ok(done) => Ok(done.unwrap_or_default()),
                    Err(e) => Err(e.clone()),
                });
            }
            self.emit_status(&store);
        }
    }

    /// One sync if this copy has joined (`None` if it has not): through the kept session, or
    /// a new one when there is none or the server closed it.
    fn attempt(&mut self, store: &Store) -> Result<Option<Synced>, ApiError> {
        match team::is_joined(store) {
            Ok(true) => {}
            Ok(false) => {
                self.session = None;
                return Ok(None);
            }
            Err(e) => return Err(e.to_api()),
        }
        if self.session.as_ref().is_some_and(Session::is_closed) {
            self.session = None;
        }
        let mut session = match self.session.take() {
            Some(s) => s,
            None => Session::open(store).map_err(|e| e.to_api())?,
        };
        // Our own push is announced to us too: it costs one more sync that sends nothing (and
        // announces nothing). Draining it could drop another copy's push made meanwhile.
        let done = session.sync(store).map_err(|e| e.to_api())?;
        self.session = Some(session);
        Ok(Some(done))
    }

    /// Waits until `due`, the server's announcement of a push, or a wake-up.
    fn wait_until(&mut self, due: Instant) -> Then {
        loop {
            match self.woken.try_recv() {
                Ok(wake) => {
                    if let Some(then) = self.take(wake) {
                        return then;
                    }
                    continue;
                }
                Err(TryRecvError::Disconnected) => return Then::Stop,
                Err(TryRecvError::Empty) => {}
            }
            let now = Instant::now();
            if now >= due {
                return Then::Attempt;
            }
            let slice = LISTEN_SLICE.min(due - now);
            match self.session.as_mut() {
                Some(session) => {
                    let began = Instant::now();
                    if session.wait_for_push(slice) || session.is_closed() {
                        return Then::Attempt;
                    }
                    // A wait that ended early without news (a failing connection that is not
                    // closed yet): the rest of the slice is slept, not spun.
                    if let Some(rest) = slice.checked_sub(began.elapsed()) {
                        std::thread::sleep(rest);
                    }
                }
                None => match self.woken.recv_timeout(slice) {
                    Ok(wake) => {
                        if let Some(then) = self.take(wake) {
                            return then;
                        }
                    }
                    Err(RecvTimeoutError::Timeout) => {}
                    Err(RecvTimeoutError::Disconnected) => return Then::Stop,
                },
            }
        }
    }

    /// What a wake-up asks: `None` to keep waiting.
    fn take(&mut self, wake: Wake) -> Option<Then> {
        match wake {
            Wake::Now(reply) => {
                self.replies.push(reply);
                self.retry = FIRST_RETRY;
                Some(Then::Attempt)
            }
            Wake::Reset => {
                self.session = None;
                self.retry = FIRST_RETRY;
                Some(Then::Attempt)
            }
            // Online: send it once the burst is over. Offline: it waits for the next retry,
            // but the count of changes waiting is told now.
            Wake::LocalWrite if self.session.is_some() => {
                std::thread::sleep(DEBOUNCE);
                loop {
                    match self.woken.try_recv() {
                        Ok(Wake::LocalWrite) => {}
                        Ok(other) => return self.take(other),
                        Err(TryRecvError::Empty) => return Some(Then::Attempt),
                        Err(TryRecvError::Disconnected) => return Some(Then::Stop),
                    }
                }
            }
            Wake::LocalWrite => {
                loop {
                    match self.woken.try_recv() {
                        Ok(Wake::LocalWrite) => {}
                        Ok(other) => return self.take(other),
                        Err(TryRecvError::Disconnected) => return Some(Then::Stop),
                        Err(TryRecvError::Empty) => break,
                    }
                }
                if let Some(store) = self.store.upgrade() {
                    if team::is_joined(&store).unwrap_or(false) {
                        self.emit_status(&store);
                    }
                }
                None
            }
        }
    }

    fn emit_status(&self, store: &Store) {
        match team::status(store) {
            // A window closing may miss it; it asks for the status when it opens.
            Ok(status) => {
                let _ = self.app.emit(STATUS_EVENT, status);
            }
            Err(e) => tracing::warn!("the team status could not be read: {e}"),
        }
    }
}
