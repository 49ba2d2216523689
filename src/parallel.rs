//! Work spread over every core: reading and parsing many plans at once, the chunks
//! of a long plan, its task IDs.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How many threads can run at once here, asked once: the answer reads the cgroup
/// files, several system calls that would otherwise be made for every plan.
pub fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, usize::from))
}

/// Maps `f` over `items` on every core (the calling thread works too) and returns
/// the results in the order of `items`; collecting them into a `Result` gives the
/// error of the first failing item in that order, as a loop would. Under `at_least`
/// items it is that loop: for small work, starting threads costs more than it saves.
pub fn map<T: Sync, R: Send>(items: &[T], at_least: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    // The count first: asking for the cores costs system calls that small work
    // need not make.
    if items.len() < at_least.max(2) {
        return items.iter().map(&f).collect();
    }
    let threads = cores().min(items.len());
    if threads <= 1 {
        return items.iter().map(&f).collect();
    }
    let next = AtomicUsize::new(0);
    // Each thread takes the next item until none is left, and keeps its results
    // with their places.
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            done.push((i, f(item)));
        }
        done
    };
    let mut placed: Vec<(usize, R)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut all = work();
        for helper in helpers {
            // A helper that panicked takes the whole run down, as one loop would.
            all.extend(
                helper
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p)),
            );
        }
        all
    });
    placed.sort_unstable_by_key(|&(i, _)| i);
    placed.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_their_order_and_the_first_error_in_order_wins() {
        let items: Vec<usize> = (0..200).collect();
        let doubled = map(&items, 2, |&i| i * 2);
        assert_eq!(doubled, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        let failed: Result<Vec<usize>, String> = map(&items, 2, |&i| {
            if i % 50 == 7 {
                Err(format!("item {i}"))
            } else {
                Ok(i)
            }
        })
        .into_iter()
        .collect();
        assert_eq!(failed, Err("item 7".to_string()));
    }
}
