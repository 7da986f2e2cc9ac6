using CommunityAcademy.Domain.OpenSpace;

namespace CommunityAcademy.Domain.Tests.OpenSpace;

/// <summary>开放空间 (#17): how slots and spaces are written, and the limits of what is typed.</summary>
public sealed class OpenSpaceRulesTests
{
    [Theory]
    [InlineData("14:30-15:15", "14:30", "15:15")]
    [InlineData(" 9:00 – 9:45 ", "09:00", "09:45")]
    [InlineData("15：30至16：15", "15:30", "16:15")]
    public void A_slot_is_read_in_the_ways_people_write_it(string text, string starts, string ends)
    {
        var r = OpenSpaceRules.ParseSlot(text);
        Assert.True(r.IsOk, r.Error?.ToString());
        Assert.Equal((TimeOnly.Parse(starts), TimeOnly.Parse(ends)), (r.Value.Starts, r.Value.Ends));
    }

    [Theory]
    [InlineData("25:00-26:00")]
    [InlineData("15:15-14:30")]
    [InlineData("下午")]
    [InlineData("")]
    public void A_slot_that_cannot_be_a_time_span_is_refused(string text) =>
        Assert.Equal("OpenSpace.BadSlot", OpenSpaceRules.ParseSlot(text).Error?.Code);

    [Fact]
    public void Overlapping_slots_are_refused()
    {
        var a = OpenSpaceRules.ParseSlot("14:30-15:15").Value;
        var b = OpenSpaceRules.ParseSlot("15:00-16:00").Value;
        var c = OpenSpaceRules.ParseSlot("15:30-16:15").Value;
        Assert.Equal("OpenSpace.SlotsOverlap", OpenSpaceRules.CheckSlots([a, b])?.Code);
        Assert.Null(OpenSpaceRules.CheckSlots([a, c]));
        Assert.Equal("OpenSpace.SlotCount", OpenSpaceRules.CheckSlots([])?.Code);
    }

    [Fact]
    public void A_space_is_a_name_and_maybe_a_capacity()
    {
        Assert.Equal(new OpenSpaceSpace("一号角", 8), OpenSpaceRules.ParseSpace("一号角 8").Value);
        Assert.Equal(new OpenSpaceSpace("茶歇区", 10), OpenSpaceRules.ParseSpace("茶歇区 10人").Value);
        Assert.Equal(new OpenSpaceSpace("走廊", null), OpenSpaceRules.ParseSpace("走廊").Value);
        Assert.Equal("OpenSpace.BadSpace", OpenSpaceRules.ParseSpace("一号角 0").Error?.Code);
        Assert.Equal("OpenSpace.SpaceTwice", OpenSpaceRules.CheckSpaces([new("a", null), new("a", 3)])?.Code);
    }

    [Fact]
    public void Topics_and_notes_have_limits()
    {
        Assert.Null(OpenSpaceRules.CheckTopic("村里的能人怎么用起来", "人"));
        Assert.Equal("OpenSpace.TitleRequired", OpenSpaceRules.CheckTopic("  ", null)?.Code);
        Assert.Equal("OpenSpace.TitleRequired", OpenSpaceRules.CheckTopic(new string('题', OpenSpaceRules.MaxTitle + 1), null)?.Code);
        Assert.Equal("OpenSpace.DescriptionTooLong", OpenSpaceRules.CheckTopic("t", new string('x', OpenSpaceRules.MaxDescription + 1))?.Code);
        Assert.Null(OpenSpaceRules.CheckNotes(new string('记', OpenSpaceRules.MaxNotes), "<b>x</b>"));
        var tooLong = OpenSpaceRules.CheckNotes(new string('记', 100_000), null);
        Assert.Equal("OpenSpace.NotesTooLong", tooLong?.Code);
        Assert.Equal([OpenSpaceRules.MaxNotes, 100_000], tooLong!.Args);
        Assert.Equal("OpenSpace.ActionsTooLong", OpenSpaceRules.CheckNotes(null, new string('x', OpenSpaceRules.MaxNotes + 1))?.Code);
    }
}
