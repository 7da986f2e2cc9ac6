namespace CommunityAcademy.Domain.Attendance;

/// <summary>上午, 下午 or 晚上: the part of the day a session starts in (in the class's zone), as a bulletin names it.</summary>
public enum DayPart { Morning, Afternoon, Evening }

public static class DayParts
{
    /// <summary>Before 12:00 上午, before 18:00 下午, else 晚上.</summary>
    public static DayPart Of(TimeOnly localStart) => localStart.Hour < 12 ? DayPart.Morning : localStart.Hour < 18 ? DayPart.Afternoon : DayPart.Evening;
}
