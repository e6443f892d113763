using System;

namespace SysregGen.Generator.Emitting;

/// <summary>The specs' dispatch table cannot be built (too many registers or encodings for a row); the generator reports it as SRG0036.</summary>
internal sealed class DispatchTableException(string message) : Exception(message);
