using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace ActorWarden.Host.Platform;

/// <summary>
/// Detects an SCM launch the way Microsoft.Extensions.Hosting.WindowsServices does: the parent
/// process is services.exe and it runs in session 0 (no interactive console).
/// </summary>
[SupportedOSPlatform("windows")]
internal static partial class WindowsServiceDetection
{
    public static bool IsParentServicesExe()
    {
        try
        {
            var parentId = ParentProcessId();
            if (parentId is null)
            {
                return false;
            }

            using var parent = Process.GetProcessById(parentId.Value);
            return parent.SessionId == 0 && string.Equals(parent.ProcessName, "services", StringComparison.OrdinalIgnoreCase);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static int? ParentProcessId()
    {
        var info = default(ProcessBasicInformation);
        using var current = Process.GetCurrentProcess();
        var status = NtQueryInformationProcess(current.Handle, 0, ref info, Marshal.SizeOf<ProcessBasicInformation>(), out _);
        return status == 0 ? (int)info.InheritedFromUniqueProcessId : null;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct ProcessBasicInformation
    {
        public nint ExitStatus;
        public nint PebBaseAddress;
        public nint AffinityMask;
        public nint BasePriority;
        public nint UniqueProcessId;
        public nint InheritedFromUniqueProcessId;
    }

    [LibraryImport("ntdll.dll")]
    private static partial int NtQueryInformationProcess(nint processHandle, int processInformationClass, ref ProcessBasicInformation processInformation, int processInformationLength, out int returnLength);
}
