namespace SysregGen.Specs.Dispatch;

/// <summary>How a <see cref="PerfectHashTable"/> sends an encoding to its slot; each kind has its own lookup in SysregGen.PerfectHash.</summary>
public enum PerfectHashKind
{
    /// <summary>One 32-bit multiplier gives every key a slot of its own: <c>(key * multiplier) &gt;&gt; shift</c>. Found for small models only.</summary>
    OneLevel,

    /// <summary>
    /// Two choices (cuckoo hashing): one 64-bit product gives each key two candidate slots, its high
    /// half the first and its low half the second, and the key is in one of them. Both are loaded at
    /// once, with no load depending on another, at any number of keys.
    /// </summary>
    TwoChoice,
}
