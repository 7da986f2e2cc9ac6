namespace CommunityAcademy.Domain.Timetable;

/// <summary>How a session type is delivered; decides which details it takes and which clashes apply.</summary>
public enum Delivery
{
    /// <summary>In a room or at a teaching point (lecture, on-site teaching, visit, workshop …).</summary>
    InPerson,
    /// <summary>At a set time through a link (线上直播): the class cannot be anywhere else meanwhile.</summary>
    LiveOnline,
    /// <summary>Material studied at one's own pace (线上案例推送): takes no one's time slot, so never clashes.</summary>
    SelfPaced,
}

public static class Deliveries
{
    public static string Code(this Delivery d) => d switch
    {
        Delivery.LiveOnline => "live_online",
        Delivery.SelfPaced => "self_paced",
        _ => "in_person",
    };

    public static bool TryParse(string? code, out Delivery delivery)
    {
        delivery = (code ?? "").Trim().ToLowerInvariant() switch
        {
            "in_person" or "线下" => Delivery.InPerson,
            "live_online" or "线上直播" => Delivery.LiveOnline,
            "self_paced" or "线上自学" => Delivery.SelfPaced,
            _ => (Delivery)(-1),
        };
        return Enum.IsDefined(delivery);
    }
}
