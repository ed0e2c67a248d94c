package org.reclaim.x12.internal;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.RandomAccess;

/**
 * The lists the mappers hand out: filled by the mapper while its loop is open, unmodifiable from
 * the outside (every mutator of {@link AbstractList} throws). One object and one array per list,
 * where an ArrayList plus an unmodifiable wrapper were two objects, an array and a wrapper iterator
 * per loop.
 */
public final class Frozen<E> extends AbstractList<E> implements RandomAccess {

    private Object[] items;
    private int size;

    public Frozen(int capacity) {
        items = new Object[capacity];
    }

    /** For the mapper only, before the list is handed out. */
    public void append(E e) {
        if (size == items.length) items = Arrays.copyOf(items, Math.max(4, size * 2));
        items[size++] = e;
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(int index) {
        if (index < 0 || index >= size)
            throw new IndexOutOfBoundsException(
                    "Index " + index + " out of bounds for length " + size);
        return (E) items[index];
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public Iterator<E> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            @SuppressWarnings("unchecked")
            public E next() {
                if (next >= size) throw new NoSuchElementException();
                return (E) items[next++];
            }
        };
    }
}
