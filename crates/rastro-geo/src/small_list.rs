//! A list that holds its first few items in place and moves to the heap only past them.
//!
//! A name found in text has one or two candidate places and a hit's candidates span one or two
//! countries: a `Vec` for each cost an allocation and a free per name, a good part of finding the
//! places of an article. Items are `Copy`, so the inline array is filled from the first item and
//! needs no placeholder value.

use std::ops::{Deref, DerefMut};

#[derive(Clone, Debug, Default)]
pub(crate) enum SmallList<T: Copy, const N: usize> {
    #[default]
    Empty,
    Inline {
        len: usize,
        items: [T; N],
    },
    Spilled(Vec<T>),
}

impl<T: Copy, const N: usize> SmallList<T, N> {
    pub(crate) fn new() -> Self {
        SmallList::Empty
    }

    pub(crate) fn push(&mut self, item: T) {
        match self {
            SmallList::Empty => {
                *self = SmallList::Inline {
                    len: 1,
                    items: [item; N],
                }
            }
            SmallList::Inline { len, items } if *len < N => {
                items[*len] = item;
                *len += 1;
            }
            SmallList::Inline { len, items } => {
                let mut spilled = Vec::with_capacity(2 * N);
                spilled.extend_from_slice(&items[..*len]);
                spilled.push(item);
                *self = SmallList::Spilled(spilled);
            }
            SmallList::Spilled(list) => list.push(item),
        }
    }

    /// Whether the items have moved to the heap.
    #[cfg(test)]
    fn spilled(&self) -> bool {
        matches!(self, SmallList::Spilled(_))
    }
}

impl<T: Copy, const N: usize> Deref for SmallList<T, N> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        match self {
            SmallList::Empty => &[],
            SmallList::Inline { len, items } => &items[..*len],
            SmallList::Spilled(list) => list,
        }
    }
}

impl<T: Copy, const N: usize> DerefMut for SmallList<T, N> {
    fn deref_mut(&mut self) -> &mut [T] {
        match self {
            SmallList::Empty => &mut [],
            SmallList::Inline { len, items } => &mut items[..*len],
            SmallList::Spilled(list) => list,
        }
    }
}

impl<'a, T: Copy, const N: usize> IntoIterator for &'a SmallList<T, N> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T: Copy, const N: usize> FromIterator<T> for SmallList<T, N> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut list = SmallList::new();
        for item in iter {
            list.push(item);
        }
        list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_its_first_items_in_place_then_all_on_the_heap_in_order() {
        let mut list: SmallList<u32, 3> = SmallList::new();
        assert!(list.is_empty());
        for i in 1..=3 {
            list.push(i * 10);
        }
        assert_eq!(&*list, &[10, 20, 30]);
        assert!(!list.spilled());
        list.push(40);
        list.push(50);
        assert!(list.spilled());
        assert_eq!(&*list, &[10, 20, 30, 40, 50]);
        list.sort_by_key(|&v| std::cmp::Reverse(v));
        assert_eq!(list.first(), Some(&50));
        let collected: SmallList<u32, 2> = (0..2).collect();
        assert_eq!((&*collected, collected.spilled()), (&[0, 1][..], false));
    }
}
