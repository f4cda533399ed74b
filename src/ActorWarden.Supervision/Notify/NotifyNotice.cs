using System.Globalization;
using ActorWarden.Supervision.Events;

namespace ActorWarden.Supervision.Notify;

/// <summary>
/// The fields of a <see cref="EventNames.Notify"/> event, and the one line the status table and the
/// status page show for them (e.g. <c>stopping: draining 12 connections</c>). Producer and readers
/// share this file so the field names cannot drift.
/// </summary>
public static class NotifyNotice
{
    /// <summary>The event fields of <paramref name="message"/> sent by <paramref name="pid"/>.</summary>
    public static (string Key, object? Value)[] Fields(int pid, NotifyMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return
        [
            ("pid", pid),
            ("status", message.Status),
            ("stopping", message.Stopping),
            ("reloading", message.Reloading),
            ("main_pid", message.MainPid),
            ("errno", message.Errno),
        ];
    }

    /// <summary>The status line for an event's fields; null when they say nothing to show.</summary>
    public static string? Describe(IReadOnlyDictionary<string, object?> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var parts = new List<string>();
        if (fields.GetValueOrDefault("stopping") is true)
        {
            parts.Add("stopping");
        }

        if (fields.GetValueOrDefault("reloading") is true)
        {
            parts.Add("reloading");
        }

        if (fields.GetValueOrDefault("errno") is int errno)
        {
            parts.Add("errno " + errno.ToString(CultureInfo.InvariantCulture));
        }

        if (fields.GetValueOrDefault("main_pid") is int main)
        {
            parts.Add("main pid " + main.ToString(CultureInfo.InvariantCulture));
        }

        var prefix = string.Join(", ", parts);
        return fields.GetValueOrDefault("status") is string { Length: > 0 } status
            ? (prefix.Length > 0 ? $"{prefix}: {status}" : status)
            : (prefix.Length > 0 ? prefix : null);
    }
}
