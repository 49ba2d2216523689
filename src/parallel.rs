//! Work spread over every core: reading and parsing many plans at once, the chunks
//! of a long plan, its task IDs.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use crate::error::Error;

/// How many threads can run at once here, asked once: the answer reads the cgroup
/// files, several system calls that would otherwise be made for every plan.
pub fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, usize::from))
}

/// Maps `f` over `items` on every core (the calling thread works too) and returns
/// the results in the order of `items`; when some fail, the error of the first
/// failing item in that order, as a loop would give. Under `at_least` items it is
/// that loop: for small work, starting threads costs more than it saves.
pub fn map<T: Sync, R: Send>(
    items: &[T],
    at_least: usize,
    f: impl Fn(&T) -> Result<R, Error> + Sync,
) -> Result<Vec<R>, Error> {
    if items.len() < at_least.max(2) {
        return items.iter().map(&f).collect();
    }
    let threads = cores().min(items.len());
    if threads <= 1 {
        return items.iter().map(&f).collect();
    }
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<R, Error>>>> =
        Mutex::new((0..items.len()).map(|_| None).collect());
    let work = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            let result = f(item);
            if let Ok(mut slots) = results.lock() {
                slots[i] = Some(result);
            }
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(work);
        }
        work();
    });
    let slots = results.into_inner().unwrap_or_default();
    slots
        .into_iter()
        .map(|slot| {
            slot.unwrap_or_else(|| {
                Err(Error::Usage {
                    message: "a worker thread stopped early".into(),
                })
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_their_order_and_the_first_error_in_order_wins() {
        let items: Vec<usize> = (0..200).collect();
        let doubled = map(&items, 2, |&i| Ok(i * 2)).unwrap();
        assert_eq!(doubled, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        let failed = map(&items, 2, |&i| {
            if i % 50 == 7 {
                Err(Error::Usage {
                    message: format!("item {i}"),
                })
            } else {
                Ok(i)
            }
        });
        assert!(matches!(failed, Err(Error::Usage { message }) if message == "item 7"));
    }
}
