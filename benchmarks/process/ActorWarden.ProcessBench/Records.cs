using System.Globalization;
using System.Text;

namespace ActorWarden.ProcessBench;

/// <summary>One 64-byte record written by a benchmark child (see native/benchlog.h).</summary>
internal readonly record struct ChildRecord(char Kind, int Pid, long T1, long T2, string Tag);

/// <summary>Reads the children's record files; counts records by file size alone while a run is going.</summary>
internal static class Records
{
    public const int Size = 64;

    public static long Count(string path)
    {
        try
        {
            return new FileInfo(path).Length / Size;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public static List<ChildRecord> Read(string path)
    {
        var list = new List<ChildRecord>();
        if (!File.Exists(path))
        {
            return list;
        }

        var bytes = File.ReadAllBytes(path);
        Parse(bytes, bytes.Length - bytes.Length % Size, list);
        return list;
    }

    /// <summary>The complete records appended since <paramref name="offset"/> (a byte offset, advanced past what was read).</summary>
    public static List<ChildRecord> ReadFrom(string path, ref long offset)
    {
        var list = new List<ChildRecord>();
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var complete = fs.Length - fs.Length % Size;
            if (complete <= offset)
            {
                return list;
            }

            fs.Seek(offset, SeekOrigin.Begin);
            var bytes = new byte[complete - offset];
            fs.ReadExactly(bytes);
            offset = complete;
            Parse(bytes, bytes.Length, list);
        }
        catch (FileNotFoundException)
        {
        }
        catch (DirectoryNotFoundException)
        {
        }

        return list;
    }

    private static void Parse(byte[] bytes, int length, List<ChildRecord> list)
    {
        for (var off = 0; off + Size <= length; off += Size)
        {
            var line = Encoding.ASCII.GetString(bytes, off, Size - 1);
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 5)
            {
                continue;
            }

            list.Add(new ChildRecord(
                parts[0][0],
                int.Parse(parts[1], CultureInfo.InvariantCulture),
                long.Parse(parts[2], CultureInfo.InvariantCulture),
                long.Parse(parts[3], CultureInfo.InvariantCulture),
                parts[4]));
        }
    }
}
