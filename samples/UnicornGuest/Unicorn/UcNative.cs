using System.Reflection;
using System.Runtime.InteropServices;

namespace UnicornGuest.Unicorn;

/// <summary>
/// The few C functions of Unicorn Engine 2 this sample calls, declared as in unicorn/unicorn.h
/// (2.0.1). Every function returns a <c>uc_err</c> (0 is UC_ERR_OK) except uc_strerror. The library
/// is <c>libunicorn.so.2</c> (Debian: <c>apt-get install libunicorn2</c>), found by the resolver below.
/// </summary>
internal static unsafe partial class UcNative
{
    private const string Library = "unicorn";

    static UcNative() => NativeLibrary.SetDllImportResolver(typeof(UcNative).Assembly, Resolve);

    /// <summary>uc_err uc_open(uc_arch arch, uc_mode mode, uc_engine **uc)</summary>
    [LibraryImport(Library, EntryPoint = "uc_open")]
    internal static partial int Open(int arch, int mode, out nint uc);

    /// <summary>uc_err uc_close(uc_engine *uc)</summary>
    [LibraryImport(Library, EntryPoint = "uc_close")]
    internal static partial int Close(nint uc);

    /// <summary>uc_err uc_errno(uc_engine *uc): the last error of the engine.</summary>
    [LibraryImport(Library, EntryPoint = "uc_errno")]
    internal static partial int Errno(nint uc);

    /// <summary>const char *uc_strerror(uc_err code)</summary>
    [LibraryImport(Library, EntryPoint = "uc_strerror")]
    internal static partial nint StrError(int code);

    /// <summary>uc_err uc_mem_map(uc_engine *uc, uint64_t address, size_t size, uint32_t perms)</summary>
    [LibraryImport(Library, EntryPoint = "uc_mem_map")]
    internal static partial int MemMap(nint uc, ulong address, nuint size, uint perms);

    /// <summary>uc_err uc_mem_write(uc_engine *uc, uint64_t address, const void *bytes, size_t size)</summary>
    [LibraryImport(Library, EntryPoint = "uc_mem_write")]
    internal static partial int MemWrite(nint uc, ulong address, void* bytes, nuint size);

    /// <summary>uc_err uc_mem_read(uc_engine *uc, uint64_t address, void *bytes, size_t size)</summary>
    [LibraryImport(Library, EntryPoint = "uc_mem_read")]
    internal static partial int MemRead(nint uc, ulong address, void* bytes, nuint size);

    /// <summary>uc_err uc_reg_write(uc_engine *uc, int regid, const void *value)</summary>
    [LibraryImport(Library, EntryPoint = "uc_reg_write")]
    internal static partial int RegWrite(nint uc, int regid, void* value);

    /// <summary>uc_err uc_reg_read(uc_engine *uc, int regid, void *value)</summary>
    [LibraryImport(Library, EntryPoint = "uc_reg_read")]
    internal static partial int RegRead(nint uc, int regid, void* value);

    /// <summary>
    /// uc_err uc_hook_add(uc_engine *uc, uc_hook *hh, int type, void *callback, void *user_data,
    /// uint64_t begin, uint64_t end, ...): for UC_HOOK_INSN the variadic argument is the instruction
    /// (an int); the other hooks take none, and passing one is harmless (the callee ignores it).
    /// On x86-64 and AArch64 System V, a variadic int is passed like a fixed one.
    /// </summary>
    [LibraryImport(Library, EntryPoint = "uc_hook_add")]
    internal static partial int HookAdd(nint uc, out nuint hook, int type, void* callback, nint userData, ulong begin, ulong end, int insn);

    /// <summary>uc_err uc_emu_start(uc_engine *uc, uint64_t begin, uint64_t until, uint64_t timeout, size_t count)</summary>
    [LibraryImport(Library, EntryPoint = "uc_emu_start")]
    internal static partial int EmuStart(nint uc, ulong begin, ulong until, ulong timeout, nuint count);

    /// <summary>uc_err uc_emu_stop(uc_engine *uc)</summary>
    [LibraryImport(Library, EntryPoint = "uc_emu_stop")]
    internal static partial int EmuStop(nint uc);

    /// <summary>Whether libunicorn.so.2 can be loaded here.</summary>
    /// <param name="error">Why not.</param>
    /// <returns>True when it loads.</returns>
    internal static bool TryLoad(out string? error)
    {
        foreach (string name in Candidates)
        {
            if (NativeLibrary.TryLoad(name, out nint handle))
            {
                NativeLibrary.Free(handle);
                error = null;
                return true;
            }
        }

        error = "libunicorn.so.2 (Unicorn Engine 2) is not installed: apt-get install libunicorn2";
        return false;
    }

    private static readonly string[] Candidates = ["libunicorn.so.2", "libunicorn.so", "unicorn"];

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != Library)
        {
            return 0;
        }

        foreach (string candidate in Candidates)
        {
            if (NativeLibrary.TryLoad(candidate, assembly, path, out nint handle))
            {
                return handle;
            }
        }

        return 0;
    }
}
