namespace CommunityAcademy.Domain;

/// <summary>
/// The project's one glossary: every English name used in code, with the Chinese term users know.
/// Types, tables and routes take their names from the left column; the UI shows the right one.
/// </summary>
public static class Glossary
{
    public static readonly IReadOnlyList<(string English, string Chinese, string Note)> Terms =
    [
        ("Program", "项目", "a training programme that runs classes, e.g. 城乡社区工作者实务能力培训"),
        ("Cohort", "期/班次", "one class of a program, e.g. 第二期"),
        ("Unit", "单位", "a node of the administrative tree or a department under it"),
        ("UnitKind", "单位类型", "city, district, street/town, community/village, department"),
        ("Quota", "名额", "places given to a unit for a position"),
        ("Position", "职务", "the position a quota line is for, e.g. 分管领导及民政办主任"),
        ("Receipt", "回执", "the list of nominated trainees a unit returns"),
        ("SubmittingUnit", "报送单位", "the unit that returns the receipt for a subtree"),
        ("Enrollment", "报名/参训", "a person taking part in a cohort"),
        ("ParticipantCategory", "参加人员类别", "leaders, teaching team, trainees, staff, media"),
        ("HostingRole", "主办/承办/协办", "how an organisation takes part in running a cohort"),
        ("CohortRules", "培训要求", "accommodation, meals, leave, arriving early, sign-in"),
        ("Session", "课程/环节", "one block of the timetable"),
        ("SessionType", "课程类型", "opening ceremony, lecture, on-site teaching, workshop …"),
        ("TeachingPoint", "教学点", "a place that hosts on-site teaching"),
        ("Scene", "场景/实景", "a real scene used for teaching"),
        ("WorkshopMethod", "工作坊形式", "World Café, Open Space, roundtable, salon, brainstorm …"),
        ("Delivery", "授课方式", "in person, live online, self-paced online"),
        ("Instructor", "授课专家", "a person who teaches; later also mentor or review expert"),
        ("InstructorTeam", "授课团队", "instructors announced together, e.g. 华师陈伟东教授团队（5人）"),
        ("StudyHours", "学时", "credit for a session; by default 45 minutes make one"),
        ("Clash", "冲突", "an instructor, a venue or the class in two places at once"),
        ("CheckIn", "签到", "signing in (and out) of a session"),
        ("AttendanceStatus", "考勤状态", "present, late, early leave, absent, excused, left without permission"),
        ("AttendanceSettlement", "考勤结算", "writing a closed session's statuses and discipline records once its window has closed"),
        ("UnitTally", "出勤统计", "a unit's trainees, counted and attended sessions and violations, rolled up the unit tree"),
        ("LeaveRequest", "请假", "a request for approved absence"),
        ("DisciplineRecord", "违纪记录", "a recorded breach of the cohort's rules"),
        ("Bulletin", "通报", "the discipline bulletin after the class"),
        ("Grouping", "分组", "a class's division into groups: its working groups, a World Café's tables, teams of three"),
        ("Group", "小组", "trainees working together"),
        ("Plan", "方案", "a plan a group writes"),
        ("PlanRevision", "方案修订稿", "one round of a plan"),
        ("Criterion", "评分维度", "feasibility, practicality, innovation …"),
        ("Rubric", "评分标准", "criteria with weights and a scale, versioned"),
        ("ReviewRound", "评审轮次", "提出、讨论、优化、细化、修改"),
        ("Opinion", "指导意见", "a reviewer's written advice on a version"),
        ("Review", "评审", "expert scoring"),
        ("PracticeTask", "实践任务", "work done in the trainee's own community"),
        ("Submission", "提交", "what a trainee hands in"),
        ("OutstandingTrainee", "优秀学员", "selected for outstanding performance"),
        ("LearningLog", "学员日志", "a trainee's daily log"),
        ("Survey", "问卷", "a questionnaire"),
        ("Certificate", "结业证书", "certificate of completion"),
        ("CourseProposal", "课程方案", "a proposed course under review"),
        ("Handbook", "工作手册", "the searchable work handbook"),
        ("StarRating", "星级评定", "one to five stars for a scene"),
        ("PreferenceCard", "偏好识别卡", "card residents fill in"),
        ("Resource", "资源", "people, culture, land, industry, landscape"),
        ("OpenSpace", "开放空间", "a session's self-organised discussions: topics in time slots × spaces"),
        ("Marketplace", "议题集市", "where an Open Space's topics are posted and placed (the wall)"),
        ("Topic", "议题", "posted by a participant, who convenes it"),
        ("Convener", "发起人", "records a topic's notes, action points and who follows up"),
        ("LawOfTwoFeet", "双脚法则", "moving to another topic of the same slot"),
        ("Administrator", "系统管理员", "role"),
        ("Organizer", "主办/承办单位工作人员", "role"),
        ("HeadTeacher", "班主任", "role"),
        ("Mentor", "授课专家/导师", "role"),
        ("Expert", "评审专家", "role"),
        ("UnitContact", "单位联络员", "role"),
        ("Trainee", "学员", "role"),
    ];

    public static string Chinese(string english) =>
        Terms.FirstOrDefault(t => t.English == english).Chinese ?? english;
}
