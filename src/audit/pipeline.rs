//! The order-keeping pipeline of the audit pass: reader threads open and read
//! files ahead of the workers, workers take items in input order as they free up,
//! and the caller's sink receives the results in input order.
//!
//! Why not `par_iter` over chunks: a chunk ends with a barrier (one slow PDF keeps
//! the other workers idle) and its results were spooled while the workers waited;
//! and a worker that reads its own file waits for the disk with its core idle.
//! Here the readers keep a few files in flight (the disk works while the workers
//! compute), the workers never wait for each other, and the sink runs beside them.
//!
//! Memory stays bounded: readers stay at most [`AHEAD`] items and [`AHEAD_BYTES`]
//! ahead of the workers, and workers at most [`WINDOW`] items ahead of the sink
//! (a slow item holds back only the results after it, and only that many).

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};

/// Items a reader may be ahead of the workers.
pub const AHEAD: usize = 256;
/// Bytes read ahead and not yet taken by a worker, at most (plus one file per
/// reader): files larger than [`READ_AHEAD_MAX`] are only opened ahead.
pub const AHEAD_BYTES: u64 = 64 * 1024 * 1024;
/// Largest file read ahead whole.
pub const READ_AHEAD_MAX: u64 = 4 * 1024 * 1024;
/// A reader that ran out of room sleeps until this many items (and a share of
/// the bytes) are free again, then reads a burst: waking a thread per file costs
/// more than reading a small file.
const BATCH: usize = 32;

/// Items a worker may take beyond the last one the sink has received in order.
pub const WINDOW: usize = 4096;

/// What a reader prepared for an item, and its size in memory.
pub trait Prepared: Send {
    fn bytes_held(&self) -> u64;
}

struct State<P> {
    /// Next item for a worker; next item for a reader (never behind `next_work`:
    /// items below it were claimed by a reader or by their worker).
    next_work: usize,
    next_read: usize,
    ready: HashMap<usize, P>,
    held: u64,
    /// Items the sink has received in order.
    sunk: usize,
    /// Workers waiting on `filled`; readers waiting on `room`.
    waiting: usize,
    readers_waiting: usize,
    stop: bool,
}

struct Shared<P> {
    state: Mutex<State<P>>,
    /// Readers wait here for room ahead of the workers.
    room: Condvar,
    /// Workers wait here for their item from a reader, or for the sink.
    filled: Condvar,
}

impl<P> Shared<P> {
    fn lock(&self) -> MutexGuard<'_, State<P>> {
        // A panic while holding the lock cannot leave the state inconsistent (each
        // update is a few assignments), so a poisoned lock is used as it is.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
    fn wait<'a>(&self, cv: &Condvar, g: MutexGuard<'a, State<P>>) -> MutexGuard<'a, State<P>> {
        cv.wait(g).unwrap_or_else(|e| e.into_inner())
    }
    fn wake_all(&self) {
        self.room.notify_all();
        self.filled.notify_all();
    }
}

/// Runs `work` on items `0..n` on `jobs` threads, with `readers` threads running
/// `prepare` ahead of them (a worker whose item no reader has reached runs
/// `prepare` itself), and gives every result to `sink` in item order, on the
/// calling thread. Stops scheduling when `cancel` is set or `sink` fails.
/// Returns how many items reached the sink (`n` unless cancelled) or the sink's
/// error.
pub fn run<P, T, E>(
    n: usize,
    jobs: usize,
    readers: usize,
    cancel: &AtomicBool,
    prepare: impl Fn(usize) -> P + Sync,
    work: impl Fn(usize, P) -> T + Sync,
    mut sink: impl FnMut(usize, T) -> Result<(), E>,
) -> Result<usize, E>
where
    P: Prepared,
    T: Send,
{
    let shared = Shared {
        state: Mutex::new(State {
            next_work: 0,
            next_read: 0,
            ready: HashMap::new(),
            held: 0,
            sunk: 0,
            waiting: 0,
            readers_waiting: 0,
            stop: false,
        }),
        room: Condvar::new(),
        filled: Condvar::new(),
    };
    let stopped = || cancel.load(Ordering::Relaxed);
    std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::channel::<Vec<(usize, T)>>();
        for _ in 0..readers {
            let (shared, prepare) = (&shared, &prepare);
            s.spawn(move || loop {
                let mut g = shared.lock();
                let j = loop {
                    if g.stop || stopped() {
                        return;
                    }
                    g.next_read = g.next_read.max(g.next_work);
                    if g.next_read >= n {
                        return;
                    }
                    if g.next_read < g.next_work + AHEAD && g.held < AHEAD_BYTES {
                        break g.next_read;
                    }
                    g.readers_waiting += 1;
                    g = shared.wait(&shared.room, g);
                    g.readers_waiting -= 1;
                };
                g.next_read = j + 1;
                drop(g);
                let p = prepare(j);
                let mut g = shared.lock();
                g.held += p.bytes_held();
                g.ready.insert(j, p);
                // Only a worker already waiting can want it.
                let waiting = g.waiting;
                drop(g);
                if waiting > 0 {
                    shared.filled.notify_all();
                }
            });
        }
        for _ in 0..jobs.max(1) {
            let (shared, prepare, work, tx) = (&shared, &prepare, &work, tx.clone());
            s.spawn(move || {
                // Results go to the sink in batches (a wake-up per result costs
                // more than a small document), and always before this worker
                // waits: the sink may need them to move the window.
                let mut done: Vec<(usize, T)> = Vec::with_capacity(BATCH);
                let flush = |done: &mut Vec<(usize, T)>| {
                    done.is_empty() || tx.send(std::mem::take(done)).is_ok()
                };
                loop {
                    let mut g = shared.lock();
                    let i = loop {
                        if g.stop || stopped() || g.next_work >= n {
                            drop(g);
                            flush(&mut done);
                            return;
                        }
                        if g.next_work < g.sunk + WINDOW {
                            break g.next_work;
                        }
                        if !flush(&mut done) {
                            return;
                        }
                        g.waiting += 1;
                        g = shared.wait(&shared.filled, g);
                        g.waiting -= 1;
                    };
                    g.next_work = i + 1;
                    let p = if i < g.next_read {
                        // A reader has it, or is preparing it.
                        loop {
                            if let Some(p) = g.ready.remove(&i) {
                                g.held -= p.bytes_held();
                                break p;
                            }
                            if !flush(&mut done) {
                                return;
                            }
                            g.waiting += 1;
                            g = shared.wait(&shared.filled, g);
                            g.waiting -= 1;
                        }
                    } else {
                        g.next_read = i + 1;
                        drop(g);
                        let p = prepare(i);
                        g = shared.lock();
                        p
                    };
                    // A sleeping reader goes on once there is room for a burst.
                    let wake = g.readers_waiting > 0
                        && g.next_read + BATCH <= g.next_work + AHEAD
                        && g.held + AHEAD_BYTES / 8 <= AHEAD_BYTES;
                    drop(g);
                    if wake {
                        shared.room.notify_one();
                    }
                    done.push((i, work(i, p)));
                    if done.len() >= BATCH && !flush(&mut done) {
                        return;
                    }
                }
            });
        }
        drop(tx);
        let mut pending: BTreeMap<usize, T> = BTreeMap::new();
        let mut next = 0;
        let mut result = Ok(());
        for batch in rx.iter() {
            pending.extend(batch);
            while let Some(t) = pending.remove(&next) {
                if let Err(e) = sink(next, t) {
                    result = Err(e);
                    break;
                }
                next += 1;
            }
            if result.is_err() {
                break;
            }
            let mut g = shared.lock();
            g.sunk = next;
            let waiting = g.waiting;
            drop(g);
            if waiting > 0 {
                shared.filled.notify_all();
            }
        }
        // Whatever ended the loop, the threads stop taking work.
        shared.lock().stop = true;
        shared.wake_all();
        drop(rx);
        result.map(|()| next)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    struct Item(usize, u64);
    impl Prepared for Item {
        fn bytes_held(&self) -> u64 {
            self.1
        }
    }

    fn spin(i: usize) {
        // Uneven work, so items finish out of order.
        let k = if i.is_multiple_of(97) {
            200_000
        } else {
            (i * 7919) % 2_000
        };
        let mut x = 0u64;
        for j in 0..k {
            x = x.wrapping_mul(31).wrapping_add(j as u64);
        }
        std::hint::black_box(x);
    }

    #[test]
    fn every_item_reaches_the_sink_once_and_in_order() {
        for (jobs, readers) in [(1, 0), (1, 1), (2, 4), (3, 2)] {
            let prepared = AtomicUsize::new(0);
            let mut seen = Vec::new();
            let done = run(
                10_000,
                jobs,
                readers,
                &AtomicBool::new(false),
                |i| {
                    prepared.fetch_add(1, Ordering::Relaxed);
                    Item(i, (i % 5000) as u64 * 1024)
                },
                |i, p| {
                    assert_eq!(p.0, i, "an item got another's preparation");
                    spin(i);
                    i * 2
                },
                |i, t| {
                    seen.push((i, t));
                    Ok::<(), ()>(())
                },
            )
            .unwrap();
            assert_eq!(done, 10_000);
            assert_eq!(
                prepared.load(Ordering::Relaxed),
                10_000,
                "prepared once each"
            );
            assert!(seen
                .iter()
                .enumerate()
                .all(|(k, &(i, t))| k == i && t == 2 * i));
        }
    }

    #[test]
    fn a_sink_error_stops_the_run_and_is_returned() {
        let worked = AtomicUsize::new(0);
        let r = run(
            100_000,
            2,
            2,
            &AtomicBool::new(false),
            |i| Item(i, 1),
            |i, _| {
                worked.fetch_add(1, Ordering::Relaxed);
                i
            },
            |i, _| if i == 10 { Err("disk full") } else { Ok(()) },
        );
        assert_eq!(r, Err("disk full"));
        // Workers stop soon after: at most the window beyond the failed item.
        assert!(worked.load(Ordering::Relaxed) <= 10 + WINDOW + 2);
    }

    #[test]
    fn cancelling_stops_scheduling_and_reports_how_far_it_got() {
        let cancel = AtomicBool::new(false);
        let done = run(
            1_000_000,
            2,
            1,
            &cancel,
            |i| Item(i, 1),
            |i, _| {
                if i == 500 {
                    cancel.store(true, Ordering::Relaxed);
                }
                i
            },
            |_, _| Ok::<(), ()>(()),
        )
        .unwrap();
        assert!((500..1_000_000).contains(&done), "{done}");
    }
}
