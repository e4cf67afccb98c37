using System.Runtime.InteropServices;

namespace Deployer.Config;

/// <summary>What a path names, as stat(2) tells it.</summary>
internal enum PathKind { Regular, Missing, Directory, Special, Unreadable }

/// <summary>
/// Tells a regular file from a directory, pipe, device or socket without opening it (opening a FIFO blocks until a
/// writer comes; /dev/zero never ends), and a symlink loop from a missing file.
/// </summary>
internal static class PathKinds
{
    public static PathKind Of(string path, out string? problem)
    {
        problem = null;
        if (OperatingSystem.IsWindows())
            return Directory.Exists(path) ? PathKind.Directory : File.Exists(path) ? PathKind.Regular : PathKind.Missing;
        // stat(2) through the runtime's own native shim: it follows links (a loop is ELOOP) and tells a FIFO or
        // /dev/zero from a file without opening it (opening a FIFO blocks until a writer comes).
        var status = new byte[256];
        if (NativeStat(path, status) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            if (error is 2 or 20) return PathKind.Missing; // ENOENT, ENOTDIR
            problem = Marshal.GetPInvokeErrorMessage(error);
            return PathKind.Unreadable;
        }
        var type = BitConverter.ToInt32(status, 4) & 0xF000;
        return type switch { 0x8000 => PathKind.Regular, 0x4000 => PathKind.Directory, _ => PathKind.Special };
    }

    // int32_t SystemNative_Stat(const char* path, FileStatus* output): FileStatus starts with int32 Flags, int32 Mode.
    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
    private static extern int NativeStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] output);
}
