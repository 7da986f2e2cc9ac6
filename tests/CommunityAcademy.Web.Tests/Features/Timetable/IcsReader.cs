using System.Globalization;
using System.Text;

namespace CommunityAcademy.Web.Tests.Features.Timetable;

/// <summary>
/// A small iCalendar reader written for the tests, independent of the application's writer and of .NET's
/// time-zone database: local times with a TZID are resolved with the file's own VTIMEZONE.
/// </summary>
public sealed class IcsReader
{
    public sealed record Observance(DateTime OnsetLocal, TimeSpan From, TimeSpan To)
    {
        public DateTimeOffset OnsetUtc => new(DateTime.SpecifyKind(OnsetLocal - From, DateTimeKind.Unspecified), TimeSpan.Zero);
    }

    public sealed record Event(Dictionary<string, string> Props, DateTimeOffset Start, DateTimeOffset End)
    {
        public string this[string name] => Props.TryGetValue(name, out var v) ? v : "";
    }

    public List<string> PhysicalLines { get; } = [];
    public Dictionary<string, string> Calendar { get; } = new();
    public Dictionary<string, List<Observance>> Zones { get; } = new();
    public List<Event> Events { get; } = [];

    public static IcsReader Parse(string text)
    {
        var r = new IcsReader();
        Assert.EndsWith("\r\n", text);
        var physical = text[..^2].Split("\r\n");
        r.PhysicalLines.AddRange(physical);
        Assert.DoesNotContain(physical, l => l.Contains('\n') || l.Contains('\r'));
        // Unfold (RFC 5545 3.1): a line starting with a space or tab continues the previous one.
        var lines = new List<string>();
        foreach (var l in physical)
            if (l.StartsWith(' ') || l.StartsWith('\t')) lines[^1] += l[1..];
            else lines.Add(l);

        var stack = new Stack<string>();
        string? zone = null;
        Observance? building = null;
        DateTime onset = default; TimeSpan from = default, to = default;
        Dictionary<string, string>? ev = null;
        var raw = new List<(string Name, Dictionary<string, string> Params, string Value)>();
        foreach (var line in lines)
        {
            var (name, pars, value) = Split(line);
            if (name == "BEGIN")
            {
                stack.Push(value);
                if (value == "VEVENT") { ev = new(); raw.Clear(); }
                continue;
            }
            if (name == "END")
            {
                Assert.Equal(value, stack.Pop());
                if (value is "STANDARD" or "DAYLIGHT") r.Zones[zone!].Add(new Observance(onset, from, to));
                if (value == "VEVENT") r.Events.Add(r.MakeEvent(ev!, raw.ToList()));
                continue;
            }
            switch (stack.Peek())
            {
                case "VCALENDAR": r.Calendar[name] = value; break;
                case "VTIMEZONE": if (name == "TZID") { zone = value; r.Zones[zone] = []; } break;
                case "STANDARD" or "DAYLIGHT":
                    if (name == "DTSTART") onset = DateTime.ParseExact(value, "yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
                    if (name == "TZOFFSETFROM") from = Offset(value);
                    if (name == "TZOFFSETTO") to = Offset(value);
                    break;
                case "VEVENT":
                    ev![name] = Unescape(value);
                    raw.Add((name, pars, value));
                    break;
            }
            _ = building;
        }
        Assert.Empty(stack);
        return r;
    }

    private Event MakeEvent(Dictionary<string, string> props, List<(string Name, Dictionary<string, string> Params, string Value)> raw)
    {
        DateTimeOffset when(string prop)
        {
            var (_, pars, value) = raw.Single(x => x.Name == prop);
            if (value.EndsWith('Z'))
                return new DateTimeOffset(DateTime.ParseExact(value, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture), TimeSpan.Zero);
            var local = DateTime.ParseExact(value, "yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
            Assert.True(pars.TryGetValue("TZID", out var tzid), $"{prop} is floating: neither UTC nor TZID");
            return Resolve(Zones[tzid!], local);
        }
        return new Event(props, when("DTSTART"), when("DTEND"));
    }

    /// <summary>The instant of a local time under a VTIMEZONE; a time that happens twice is its first occurrence.</summary>
    public static DateTimeOffset Resolve(List<Observance> zone, DateTime local)
    {
        TimeSpan offsetAt(DateTimeOffset t)
        {
            var current = zone.Where(o => o.OnsetUtc <= t).OrderBy(o => o.OnsetUtc).LastOrDefault();
            return current?.To ?? zone.OrderBy(o => o.OnsetUtc).First().From;
        }
        var candidates = zone.SelectMany(o => new[] { o.From, o.To }).Distinct()
            .Select(off => new DateTimeOffset(DateTime.SpecifyKind(local - off, DateTimeKind.Unspecified), TimeSpan.Zero))
            .Where(t => offsetAt(t) == local - t.UtcDateTime)
            .OrderBy(t => t).ToList();
        Assert.True(candidates.Count > 0, $"{local:s} does not exist in the zone");
        return candidates[0];
    }

    private static (string Name, Dictionary<string, string> Params, string Value) Split(string line)
    {
        var colon = line.IndexOf(':');
        Assert.True(colon > 0, "no colon in " + line);
        var head = line[..colon].Split(';');
        var pars = head.Skip(1).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        return (head[0], pars, line[(colon + 1)..]);
    }

    private static TimeSpan Offset(string s)
    {
        var sign = s[0] == '-' ? -1 : 1;
        var t = new TimeSpan(int.Parse(s[1..3]), int.Parse(s[3..5]), s.Length > 5 ? int.Parse(s[5..7]) : 0);
        return sign * t;
    }

    public static string Unescape(string v)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < v.Length; i++)
        {
            if (v[i] == '\\' && i + 1 < v.Length)
            {
                var n = v[++i];
                sb.Append(n switch { 'n' or 'N' => '\n', _ => n });
            }
            else sb.Append(v[i]);
        }
        return sb.ToString();
    }
}
