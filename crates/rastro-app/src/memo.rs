//! Values computed once per key and kept, with one computation per key at a time: when a hundred
//! requests ask for the same table just after the data changed, one computes it and the others
//! wait for its answer instead of computing it a hundred times over (which, on two cores, made
//! every one of them late). Bounded; the oldest key leaves first.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Kept values by key, and the computations under way.
pub struct Memo<K, V> {
    kept: Mutex<Kept<K, V>>,
    /// One lock per key being computed; whoever holds it computes, the others wait on it.
    flights: Mutex<HashMap<K, Arc<Mutex<()>>>>,
    capacity: usize,
}

struct Kept<K, V> {
    values: HashMap<K, Arc<V>>,
    /// Keys in the order they were kept, for eviction.
    order: VecDeque<K>,
}

impl<K: Hash + Eq + Clone, V> Memo<K, V> {
    /// Keeps at most `capacity` values (at least one).
    pub fn new(capacity: usize) -> Memo<K, V> {
        Memo {
            kept: Mutex::new(Kept {
                values: HashMap::new(),
                order: VecDeque::new(),
            }),
            flights: Mutex::new(HashMap::new()),
            capacity: capacity.max(1),
        }
    }

    /// The value kept under `key`, if any.
    pub fn get(&self, key: &K) -> Option<Arc<V>> {
        self.kept().values.get(key).cloned()
    }

    /// The value kept under `key`, or the one `make` makes (then kept). While `make` runs, other
    /// callers with the same key wait for it; if it fails, the next of them tries in its turn.
    pub fn get_or_make<E>(&self, key: K, make: impl FnOnce() -> Result<V, E>) -> Result<Arc<V>, E> {
        if let Some(found) = self.get(&key) {
            return Ok(found);
        }
        let flight = Arc::clone(lock(&self.flights).entry(key.clone()).or_default());
        let _flying = lock(&flight);
        // Whoever held the lock before may have made it meanwhile.
        if let Some(found) = self.get(&key) {
            return Ok(found);
        }
        let made = make().map(Arc::new);
        if let Ok(made) = &made {
            self.put(key.clone(), Arc::clone(made));
        }
        // Late arrivals find the value kept; the ones already waiting on this lock find it too.
        lock(&self.flights).remove(&key);
        made
    }

    /// Keeps `value` under `key`, evicting the oldest key when full.
    pub fn put(&self, key: K, value: Arc<V>) {
        let mut kept = self.kept();
        if kept.values.insert(key.clone(), value).is_none() {
            kept.order.push_back(key);
        }
        while kept.order.len() > self.capacity {
            if let Some(oldest) = kept.order.pop_front() {
                kept.values.remove(&oldest);
            }
        }
    }

    /// How many values are kept.
    pub fn len(&self) -> usize {
        self.kept().values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn kept(&self) -> MutexGuard<'_, Kept<K, V>> {
        lock(&self.kept)
    }
}

/// A panic while a lock was held leaves nothing half-written here (values are inserted whole),
/// so a poisoned lock is taken as it is.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Barrier;

    #[test]
    fn many_callers_at_once_make_a_value_once() {
        let memo: Memo<String, usize> = Memo::new(8);
        let made = AtomicUsize::new(0);
        let start = Barrier::new(16);
        std::thread::scope(|s| {
            for _ in 0..16 {
                s.spawn(|| {
                    start.wait();
                    let value = memo
                        .get_or_make("table".to_string(), || {
                            made.fetch_add(1, Ordering::SeqCst);
                            std::thread::sleep(std::time::Duration::from_millis(50));
                            Ok::<_, ()>(42)
                        })
                        .unwrap();
                    assert_eq!(*value, 42);
                });
            }
        });
        assert_eq!(made.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_failure_is_not_kept_and_the_next_caller_tries_again() {
        let memo: Memo<u32, u32> = Memo::new(8);
        assert_eq!(memo.get_or_make(1, || Err("broken")).err(), Some("broken"));
        assert!(memo.get(&1).is_none());
        assert_eq!(*memo.get_or_make(1, || Ok::<_, &str>(7)).unwrap(), 7);
        assert_eq!(*memo.get_or_make(1, || Ok::<_, &str>(8)).unwrap(), 7);
    }

    #[test]
    fn the_oldest_key_leaves_first() {
        let memo: Memo<u32, u32> = Memo::new(2);
        for key in 0..3 {
            memo.put(key, Arc::new(key));
        }
        assert_eq!(memo.len(), 2);
        assert!(memo.get(&0).is_none());
        assert!(memo.get(&1).is_some() && memo.get(&2).is_some());
    }
}
