package io.github.ocihooks.admin.inventory;

import java.util.List;

/**
 * One page of a long list, for the dashboard: only its items are rendered.
 *
 * @param items the items on this page
 * @param number the page number, from 1 (a request past the end gets the last page)
 * @param size the page size
 * @param total how many items there are on all pages
 * @param <T> the item type
 */
public record Page<T>(List<T> items, int number, int size, int total) {

	/** Rows per dashboard page. */
	public static final int SIZE = 200;

	public static <T> Page<T> of(List<T> all, int requested, int size) {
		int pages = Math.max(1, (all.size() + size - 1) / size);
		int number = Math.min(Math.max(1, requested), pages);
		int from = (number - 1) * size;
		int to = Math.min(all.size(), from + size);
		return new Page<>(List.copyOf(all.subList(from, to)), number, size, all.size());
	}

	public int pages() {
		return Math.max(1, (this.total + this.size - 1) / this.size);
	}

	/** 1-based position of the first item on this page (0 when there is none). */
	public int first() {
		return this.items.isEmpty() ? 0 : (this.number - 1) * this.size + 1;
	}

	/** 1-based position of the last item on this page. */
	public int last() {
		return (this.number - 1) * this.size + this.items.size();
	}

	public boolean hasPrevious() {
		return this.number > 1;
	}

	public boolean hasNext() {
		return this.number < pages();
	}

}
