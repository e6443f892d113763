using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace SysregGen.Specs.Model;

/// <summary>
/// An immutable array with value equality, so that models built from it compare equal when their
/// contents do, and an incremental pipeline can stop at a step whose output did not change.
/// (Arrays and <c>ImmutableArray&lt;T&gt;</c> compare by reference.)
/// </summary>
/// <typeparam name="T">The element type, itself equatable.</typeparam>
public readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
    where T : IEquatable<T>
{
    private readonly T[]? _items;

    /// <summary>A copy of <paramref name="items"/>.</summary>
    /// <param name="items">The elements.</param>
    public EquatableArray(IEnumerable<T> items) => _items = items.ToArray();

    /// <summary>The empty array.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "ImmutableArray<T>.Empty's shape; the default value is empty too.")]
    public static EquatableArray<T> Empty => default;

    /// <summary>The number of elements.</summary>
    public int Count => _items?.Length ?? 0;

    /// <summary>The element at <paramref name="index"/>.</summary>
    /// <param name="index">A position below <see cref="Count"/>.</param>
    public T this[int index] => (_items ?? Array.Empty<T>())[index];

    /// <inheritdoc/>
    public bool Equals(EquatableArray<T> other)
    {
        T[] a = _items ?? Array.Empty<T>();
        T[] b = other._items ?? Array.Empty<T>();
        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            if (!EqualityComparer<T>.Default.Equals(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        int hash = 17;
        foreach (T item in this)
        {
            hash = unchecked((hash * 31) + (item is null ? 0 : EqualityComparer<T>.Default.GetHashCode(item)));
        }

        return hash;
    }

    /// <summary>An enumerator over the elements that does not allocate.</summary>
    /// <returns>The enumerator.</returns>
    public Enumerator GetEnumerator() => new(_items ?? Array.Empty<T>());

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)(_items ?? Array.Empty<T>())).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => (_items ?? Array.Empty<T>()).GetEnumerator();

    /// <summary>Compares the elements.</summary>
    /// <param name="left">One array.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they hold equal elements in the same order.</returns>
    public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

    /// <summary>Compares the elements.</summary>
    /// <param name="left">One array.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);

    /// <summary>Enumerates an <see cref="EquatableArray{T}"/>.</summary>
    public struct Enumerator
    {
        private readonly T[] _items;
        private int _index;

        internal Enumerator(T[] items)
        {
            _items = items;
            _index = -1;
        }

        /// <summary>The current element.</summary>
        public readonly T Current => _items[_index];

        /// <summary>Moves to the next element.</summary>
        /// <returns>Whether there is one.</returns>
        public bool MoveNext() => ++_index < _items.Length;
    }
}

/// <summary>Builds <see cref="EquatableArray{T}"/>s.</summary>
public static class EquatableArray
{
    /// <summary>The elements as an <see cref="EquatableArray{T}"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="items">The elements.</param>
    /// <returns>The array.</returns>
    public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> items)
        where T : IEquatable<T> => new(items);
}
