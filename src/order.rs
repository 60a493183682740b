//! A stable sort with one compiled body for every element type.
//!
//! The standard library's sorts are fast, and each element type and comparator gets its own
//! copy of them: the page's three sorts (a catalog's words, its templates, a link's fields)
//! cost 21 KB of Wasm. Here the work is a merge sort over indices behind a `dyn` comparison,
//! compiled once; the lists sorted are a few hundred items long, read once.

use std::cmp::Ordering;

/// Sorts `items` by `cmp`, keeping equal items in their order (as `slice::sort_by` does).
pub fn sort_by<T>(items: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    let order = stable_order(items.len(), &|a, b| cmp(&items[a], &items[b]));
    permute(items, order);
}

/// Sorts `items` by `key`, stable, computing each item's key once (as
/// `slice::sort_by_cached_key`).
pub fn sort_by_cached_key<T>(items: &mut Vec<T>, key: impl Fn(&T) -> usize) {
    let keys: Vec<usize> = items.iter().map(key).collect();
    let order = stable_order(items.len(), &|a, b| keys[a].cmp(&keys[b]));
    permute(items, order);
}

/// `items` in `order` (a permutation of their indices).
fn permute<T>(items: &mut Vec<T>, order: Vec<usize>) {
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

/// The indices `0..n` in sorted order: bottom-up merge sort, stable (ties keep the lower index
/// first).
fn stable_order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut merged = Vec::with_capacity(n);
    let mut width = 1;
    while width < n {
        merged.clear();
        for start in (0..n).step_by(2 * width) {
            let middle = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j) = (start, middle);
            while i < middle && j < end {
                // Take from the right run only when strictly smaller: stability.
                if cmp(order[j], order[i]) == Ordering::Less {
                    merged.push(order[j]);
                    j += 1;
                } else {
                    merged.push(order[i]);
                    i += 1;
                }
            }
            merged.extend_from_slice(&order[i..middle]);
            merged.extend_from_slice(&order[j..end]);
        }
        std::mem::swap(&mut order, &mut merged);
        width *= 2;
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        let mut rng = crate::rng::Rng::new(7);
        for n in [0, 1, 2, 3, 5, 8, 13, 100, 257] {
            // Few distinct keys, so stability is exercised.
            let items: Vec<(u32, usize)> =
                (0..n).map(|i| ((rng.uniform() * 7.0) as u32, i)).collect();
            let mut ours = items.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std_sorted = items;
            std_sorted.sort_by_key(|a| a.0);
            assert_eq!(ours, std_sorted, "n = {n}");
        }
    }

    #[test]
    fn a_cached_key_sorts_as_the_standard_library_does() {
        let mut ours: Vec<(usize, char)> = vec![(3, 'a'), (1, 'b'), (3, 'c'), (0, 'd'), (1, 'e')];
        let mut theirs = ours.clone();
        sort_by_cached_key(&mut ours, |p| p.0);
        theirs.sort_by_cached_key(|p| p.0);
        assert_eq!(ours, theirs);
    }

    #[test]
    fn moves_owned_items() {
        let mut words: Vec<String> = ["pear", "apple", "fig", "apple"].map(String::from).to_vec();
        sort_by(&mut words, |a, b| a.cmp(b));
        assert_eq!(words, ["apple", "apple", "fig", "pear"]);
    }
}
