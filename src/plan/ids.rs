//! Task IDs: `NAME#HASH`, the FNV-1a hash of a task's section titles and text, with
//! `-2`, `-3`… for identical tasks under one heading, in document order. Stable
//! across platforms and releases (std's hasher is not), and across ticks: the
//! status and the done date are not hashed.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::model::{Section, Task, TaskId};

/// Tasks whose IDs one thread works out at a time.
pub(super) const ID_BATCH: usize = 32 * 1024;

/// Gives every task its ID: the FNV-1a hash of its section titles joined by `\x1f`,
/// then `\x1e` and its text; the hash of each section's titles is computed once.
/// Hashing and writing IDs of a long plan run on every core; only counting equal
/// hashes, which follows document order, runs on one.
pub(super) fn assign_ids(stem: &str, sections: &[Section], tasks: &mut [Task]) {
    // Hash state after each section's path; a section's parent comes before it.
    let mut prefix: Vec<u64> = Vec::with_capacity(sections.len());
    for section in sections {
        let parent = section.parent.and_then(|p| prefix.get(p).copied());
        let state = match parent {
            Some(state) => fnv1a_from(fnv1a_from(state, b"\x1f"), section.title.as_bytes()),
            None => fnv1a_from(FNV_OFFSET, section.title.as_bytes()),
        };
        prefix.push(state);
    }
    let hash = |task: &Task| {
        let start = task
            .section
            .and_then(|s| prefix.get(s).copied())
            .unwrap_or(FNV_OFFSET);
        (fnv1a_from(fnv1a_from(start, b"\x1e"), task.text.as_bytes()) & 0xff_ffff) as u32
    };
    let batches: Vec<&[Task]> = tasks.chunks(ID_BATCH).collect();
    let hashes = crate::parallel::map(&batches, 2, |batch| {
        batch.iter().map(hash).collect::<Vec<u32>>()
    })
    .concat();
    // The hashes are already spread: key the count map by them as they are.
    let mut seen: HashMap<u32, u32, BuildHasherDefault<SpreadHasher>> = HashMap::default();
    let counted: Vec<(u32, u32)> = hashes
        .into_iter()
        .map(|hash| {
            let count = seen.entry(hash).or_insert(0);
            *count += 1;
            (hash, *count)
        })
        .collect();
    let batches: Vec<&[(u32, u32)]> = counted.chunks(ID_BATCH).collect();
    let ids = crate::parallel::map(&batches, 2, |batch| {
        batch
            .iter()
            .map(|&(hash, count)| TaskId::new(stem, hash, count))
            .collect::<Vec<TaskId>>()
    });
    for (task, id) in tasks.iter_mut().zip(ids.into_iter().flatten()) {
        task.id = id;
    }
}

/// A hasher for keys that are already hashes.
#[derive(Default)]
struct SpreadHasher(u64);

impl Hasher for SpreadHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u32(&mut self, n: u32) {
        // Spread the 24 bits over the word: hashbrown uses the top bits as a tag.
        self.0 = u64::from(n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// 64-bit FNV-1a, continued from `hash` (start from [`FNV_OFFSET`]): stable across
/// platforms and releases, unlike `std`'s hasher, which is what IDs need.
fn fnv1a_from(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}
