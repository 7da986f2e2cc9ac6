#!/usr/bin/env python3
"""Writes src/CommunityAcademy.Web/Resources/SharedResource{,.en}.resx from the table below.
The resx files are what the application reads; this table keeps zh-CN and en side by side
so a missing translation is visible. Run: python3 tools/texts.py"""
import os, xml.sax.saxutils as x

TEXTS = [
 ("App.Name", "社区工作者培训管理平台", "CommunityAcademy"),
 ("App.Footer", "社区工作者培训管理平台 · 数据仅在本单位网络内处理", "CommunityAcademy · data stays on your own network"),
 ("Nav.Menu", "菜单", "Menu"), ("Nav.Main", "主导航", "Main navigation"),
 ("Nav.Home", "首页", "Home"), ("Nav.Cohorts", "培训班", "Classes"), ("Nav.Units", "单位", "Units"),
 ("Nav.Users", "账号管理", "Accounts"), ("Nav.Glossary", "术语表", "Glossary"),
 ("Nav.ChangePassword", "修改密码", "Change password"), ("Nav.Logout", "退出", "Sign out"),
 ("Home.Title", "首页", "Home"), ("Home.Welcome", "您好，{0}", "Hello, {0}"), ("Home.Roles", "角色", "Roles"),
 ("Home.MyCohorts", "我的培训班", "My classes"),
 ("Role.admin", "系统管理员", "Administrator"), ("Role.organizer", "主办/承办单位工作人员", "Organizer"),
 ("Role.head_teacher", "班主任", "Head teacher"), ("Role.mentor", "授课专家/导师", "Instructor / mentor"),
 ("Role.expert", "评审专家", "Review expert"), ("Role.unit_contact", "单位联络员", "Unit contact"), ("Role.trainee", "学员", "Trainee"),
 ("Login.Title", "登录", "Sign in"), ("Login.Username", "用户名", "Username"), ("Login.Password", "密码", "Password"),
 ("Login.Submit", "登录", "Sign in"), ("Login.Invalid", "用户名或密码错误。", "Wrong username or password."),
 ("Login.Locked", "密码错误次数过多，账号已锁定至 {0}，请稍后再试。", "Too many wrong passwords: the account is locked until {0}."),
 ("AccessDenied.Title", "无权访问", "Access denied"), ("AccessDenied.Text", "您的账号没有查看此页面的权限。", "Your account may not see this page."),
 ("ChangePassword.Title", "修改密码", "Change password"),
 ("ChangePassword.Must", "您正在使用一次性密码，请先设置自己的密码。", "You signed in with a one-time password: set your own first."),
 ("ChangePassword.Current", "当前密码", "Current password"), ("ChangePassword.New", "新密码（至少 8 位，含字母和数字）", "New password (8+ characters, letters and digits)"),
 ("ChangePassword.Confirm", "再次输入新密码", "Repeat the new password"), ("ChangePassword.Submit", "保存", "Save"),
 ("ChangePassword.Done", "密码已修改。其他设备上的登录已失效。", "Password changed. Sign-ins on other devices have ended."),
 ("ChangePassword.WrongCurrent", "当前密码不正确。", "The current password is wrong."),
 ("ChangePassword.Mismatch", "两次输入的新密码不一致。", "The two new passwords differ."),
 ("Password.TooShort", "新密码至少 8 位。", "The new password needs at least 8 characters."),
 ("Password.SameAsUsername", "新密码不能与用户名相同。", "The password may not be the username."),
 ("Password.LettersAndDigits", "新密码须同时包含字母和数字。", "The password needs letters and digits."),
 ("Users.Title", "账号管理", "Accounts"), ("Users.Create", "新建账号", "New account"), ("Users.CreateSubmit", "创建", "Create"),
 ("Users.DisplayName", "姓名", "Name"), ("Users.Role", "角色", "Role"), ("Users.Unit", "所属单位", "Unit"), ("Users.Phone", "手机号", "Phone"),
 ("Users.State", "状态", "State"), ("Users.Active", "正常", "Active"), ("Users.Disabled", "已停用", "Disabled"), ("Users.Locked", "已锁定", "Locked"),
 ("Users.Reset", "重置密码", "Reset password"), ("Users.Disable", "停用", "Disable"), ("Users.Enable", "启用", "Enable"),
 ("Users.OneTimeHint", "新账号和重置后的账号获得一次性密码，首次登录须修改。", "New and reset accounts get a one-time password that must be changed at first sign-in."),
 ("Users.Created", "已创建账号 {0}，一次性密码：{1}", "Account {0} created; one-time password: {1}"),
 ("Users.ResetDone", "已重置 {0} 的密码，一次性密码：{1}", "Password of {0} reset; one-time password: {1}"),
 ("Users.BadUsername", "用户名不能为空、不能含空格，且不超过 50 个字符。", "A username is required, without spaces, at most 50 characters."),
 ("Users.Taken", "用户名“{0}”已被使用。", "The username “{0}” is taken."), ("Users.NeedName", "请填写姓名。", "A name is required."),
 ("Users.BadRole", "未知角色。", "Unknown role."), ("Users.NeedUnit", "单位联络员和学员必须选择所属单位。", "Unit contacts and trainees need a unit."),
 ("Users.NotYourself", "不能停用自己的账号。", "You cannot disable your own account."),
 ("Units.Title", "单位", "Units"), ("Units.Import", "从表格导入单位", "Import units from a spreadsheet"),
 ("Units.Create", "新增单位", "Add a unit"), ("Units.CreateSubmit", "新增", "Add"), ("Units.Parent", "上级单位", "Parent unit"),
 ("Units.NoParent", "（无，顶级单位）", "(none: top level)"), ("Units.Name", "单位名称", "Name"), ("Units.Kind", "单位类型", "Kind"),
 ("Units.KindAuto", "按名称自动判断", "From the name"), ("Units.Count", "共 {0} 个单位", "{0} units"), ("Units.Edit", "修改", "Edit"),
 ("Units.NewName", "新名称", "New name"), ("Units.Rename", "改名", "Rename"), ("Units.MoveTo", "移到", "Move under"), ("Units.Move", "移动", "Move"),
 ("Units.Created", "已新增“{0}”。", "“{0}” added."), ("Units.Renamed", "已改名为“{0}”。", "Renamed to “{0}”."),
 ("Units.Moved", "已移动（含其下所有单位）。", "Moved, with everything below it."), ("Units.Back", "返回单位列表", "Back to units"),
 ("Units.ImportHelp", "上传 .xlsx、.xls 或 .csv 文件（CSV 可为 UTF-8 或 GBK 编码）。列：单位名称、上级单位（名称或路径，如“鄂州市/鄂城区”）、类型（可省略，按名称判断）。有任何一行出错则整个文件都不导入；已存在的单位会跳过。",
  "Upload .xlsx, .xls or .csv (UTF-8 or GBK). Columns: 单位名称 (name), 上级单位 (parent: name or path such as 鄂州市/鄂城区), 类型 (kind; optional, guessed from the name). One bad row and nothing is imported; units that exist are skipped."),
 ("Units.Imported", "导入成功：新增 {0} 个单位，已存在 {1} 个。", "Imported: {0} new units, {1} already there."),
 ("Units.ImportFailed", "导入失败，共 {0} 处错误，未导入任何单位。", "Import failed with {0} problems; nothing was imported."),
 ("Import.Row", "行", "Row"), ("Import.Column", "列", "Column"), ("Import.Problem", "问题", "Problem"), ("Import.File", "选择文件", "File"), ("Import.Submit", "上传并导入", "Upload and import"),
 ("Error.Unit.NameRequired", "单位名称不能为空。", "A unit needs a name."),
 ("Error.Unit.NameTooLong", "单位名称最多 {0} 个字。", "A unit name has at most {0} characters."),
 ("Error.Unit.NameTaken", "同一上级单位下已有名为“{0}”的单位。", "The parent already has a unit named “{0}”."),
 ("Error.Unit.NotFound", "单位不存在。", "No such unit."), ("Error.Unit.ParentNotFound", "上级单位不存在。", "No such parent unit."),
 ("Error.Unit.MoveIntoOwnSubtree", "不能把“{0}”移到它自己的下级“{1}”之下。", "“{0}” cannot move under its own descendant “{1}”."),
 ("Error.Unit.RootMustBeCity", "只有“市”可以作为顶级单位，{0}须有上级单位。", "Only a city may be at the top; a {0} needs a parent."),
 ("Error.Unit.UnderDepartment", "部门之下不能再设单位。", "Nothing may be placed under a department."),
 ("Error.Unit.BadPlacement", "{0}不能直接设在{1}之下。", "A {0} cannot sit directly under a {1}."),
 ("Error.Unit.BadKind", "未知的单位类型。", "Unknown unit kind."),
 ("Error.Unit.KindRequired", "无法从名称判断单位类型，请选择类型。", "The kind cannot be guessed from the name: choose one."),
 ("Cohorts.Title", "培训班", "Classes"), ("Cohorts.None", "暂无可查看的培训班。", "No classes to show."),
 ("Cohort.Theme", "主题", "Theme"), ("Cohort.Dates", "培训时间", "Dates"), ("Cohort.DaysN", "{0} 天", "{0} days"),
 ("Cohort.Venue", "培训地点", "Venue"), ("Cohort.Format", "培训形式", "Format"), ("Cohort.TimeZone", "时区", "Time zone"),
 ("Cohort.Contact", "联系人", "Contact"), ("Cohort.ReceiptDeadline", "回执截止", "Receipts due"),
 ("Cohort.Rules", "培训要求", "Rules"), ("Cohort.Categories", "参加人员（共 {0} 人）", "Participants ({0} in all)"),
 ("Cohort.Category", "类别", "Category"), ("Cohort.Headcount", "人数", "People"),
 ("Cohort.PlacesByDistrict", "参训名额分配（共 {0} 名）", "Trainee places by district ({0} in all)"),
 ("Cohort.District", "区", "District"), ("Cohort.Submitter", "回执报送单位", "Returns the receipt"), ("Cohort.Places", "名额", "Places"),
 ("Cohort.Enrolled", "已报名学员 {0} 人", "{0} trainees enrolled"), ("Cohort.Sessions", "课程安排（{0} 节）", "Timetable ({0} sessions)"),
 ("Session.Date", "日期", "Date"), ("Session.Time", "时间", "Time"), ("Session.Title", "课程安排", "Session"), ("Session.Instructors", "授课专家", "Instructors"),
 ("Rule.Accommodation", "提供住宿", "Accommodation"), ("Rule.Meals", "提供餐食", "Meals"), ("Rule.LeaveAllowed", "允许请假", "Leave allowed"),
 ("Rule.FullTime", "全脱产参训", "Full-time release from work"), ("Rule.ArriveEarly", "每次课前 {0} 分钟到场", "Arrive {0} minutes before each session"),
 ("Rule.SignInEverySession", "每节课签到", "Sign-in at every session"), ("Rule.Departure", "擅自离训", "Leaving without permission"),
 ("Rule.Bulletin", "培训结束后发布考勤通报", "Discipline bulletin after the class"),
 ("Common.Yes", "是", "Yes"), ("Common.No", "否", "No"), ("Common.None", "无", "None"), ("Common.Total", "合计", "Total"),
 ("Glossary.Note", "说明", "Note"),
 # --- Enrollment ---
 ("Cohort.Actions", "培训班操作", "Class actions"),
 ("Quotas.Title", "名额分配", "Quotas"), ("Quotas.Notice", "下载预通知（Word）", "Download the notice (Word)"),
 ("Quotas.Summary", "名额合计 {0} 人，参训人员 {1} 人。", "{0} places allocated for {1} trainees."),
 ("Quotas.Attachment1", "附件1 培训对象（预览）", "Attachment 1: targets (preview)"),
 ("Quotas.Submitter", "回执报送单位", "Returns the receipt"), ("Quotas.Template", "下载回执模板", "Download the receipt template"),
 ("Quotas.Edit", "编辑名额", "Edit quotas"), ("Quotas.Unit", "单位", "Unit"), ("Quotas.Position", "职务", "Position"),
 ("Quotas.Remove", "（删除此行）", "(remove this line)"), ("Quotas.Line", "第 {0} 行（{1}）", "Line {0} ({1})"),
 ("Quotas.EditHelp", "每行一个单位的一类职务；单位选“（删除此行）”即删除。同一区内职务相同的相邻行在附件1中合为一条。", "One line per unit and position; choose “(remove this line)” to delete. Adjacent lines of a district with the same position form one item of attachment 1."),
 ("Quotas.Save", "保存名额", "Save quotas"), ("Quotas.Saved", "名额已保存。", "Quotas saved."),
 ("Quotas.Import", "从表格导入名额", "Import quotas from a spreadsheet"),
 ("Quotas.ImportHelp", "上传 .xlsx/.xls/.csv，列：单位、职务、名额（替换全部名额；有错误则不改动）", "Upload .xlsx/.xls/.csv with columns 单位, 职务, 名额 (replaces all lines; nothing changes on an error)"),
 ("Quotas.Imported", "已导入 {0} 行名额。", "{0} quota lines imported."),
 ("Receipts.Title", "参训人员回执", "Receipts"), ("Receipts.Upload", "上传回执表格", "Upload a receipt"),
 ("Receipts.UploadHelp", "下载本单位的回执模板，填写后上传（.xlsx、.xls 或 .csv，CSV 可为 UTF-8 或 GBK）。整份回执全部通过检查才会保存；重新上传会替换上一份，旧回执保留在记录中。", "Download your template, fill it in and upload it (.xlsx, .xls or .csv in UTF-8 or GBK). A receipt is stored only when every row passes; a new upload replaces the previous one, which stays in the history."),
 ("Receipts.Scope", "报送范围", "For"), ("Receipts.Template", "下载回执模板：{0}", "Download the template: {0}"),
 ("Receipts.Submit", "提交回执", "Submit"), ("Receipts.Form", "在网页上直接填写", "Type it in here instead"),
 ("Receipts.Name", "姓名", "Name"), ("Receipts.Phone", "联系方式", "Phone"), ("Receipts.IdNumber", "身份证号（可选）", "ID number (optional)"),
 ("Receipts.Stored", "已收到{0}的回执，共 {1} 人。", "Receipt of {0} received: {1} people."),
 ("Receipts.LateNote", "已过回执截止日期，已标记为逾期。", "The deadline has passed: marked late."),
 ("Receipts.Failed", "回执未保存。", "The receipt was not stored."),
 ("Receipts.Locked", "参训名单已锁定，不再接收回执。如需调整请联系主办单位。", "The roster is locked; receipts are closed. Contact the organizer for changes."),
 ("Receipts.NoScope", "您的账号没有需要报送的回执。", "Your account has no receipt to return."),
 ("Receipts.History", "回执记录", "History"), ("Receipts.At", "时间", "When"), ("Receipts.By", "提交人", "By"), ("Receipts.FileName", "文件", "File"),
 ("Receipts.Count", "人数", "People"), ("Receipts.Current", "当前有效", "Current"), ("Receipts.Replaced", "已被替换", "Replaced"), ("Receipts.Late", "逾期", "late"),
 ("Rec.Title", "回执核对", "Reconciliation"), ("Rec.Summary", "已报 {0} 人 / 名额 {1} 人", "{0} names received for {1} places"),
 ("Rec.Locked", "参训名单已锁定。", "The roster is locked."), ("Rec.Open", "回执截止日期：{0}", "Receipts due: {0}"),
 ("Rec.Export", "导出 Excel", "Export to Excel"), ("Rec.Lock", "锁定名单", "Lock the roster"), ("Rec.Unlock", "重新开放回执", "Reopen receipts"),
 ("Rec.LockedNow", "名单已锁定，学员账号已生成。", "Roster locked; trainee accounts created."), ("Rec.Reopened", "已重新开放回执。", "Receipts reopened."),
 ("Rec.ByDistrict", "按区汇总", "By district"), ("Rec.ByUnit", "按单位", "By unit"), ("Rec.Received", "已报", "Received"), ("Rec.Status", "状态", "Status"),
 ("Rec.Twice", "重复报名（同一手机号或身份证号）", "Named twice (same phone or ID)"),
 ("Rec.Reminders", "待催报", "To chase"), ("Rec.Contacts", "联络员", "Contacts"), ("Rec.Message", "提醒消息（可复制）", "Reminder (copy it)"),
 ("Roster.Title", "参训名单", "Roster"), ("Roster.Export", "导出名单", "Export the roster"),
 ("Roster.LockedNote", "名单已锁定，共 {0} 人。学员账号为手机号，初始密码为身份证号后六位（无身份证号则为手机号后六位），首次登录须修改。", "Locked: {0} trainees. Accounts are the mobile numbers; the first password is the last six of the ID number (else of the phone) and must be changed at first sign-in."),
 ("Roster.NotLocked", "名单尚未锁定：以下为目前已锁定的学员。锁定前请在“回执核对”中查看已收到的回执。", "Not locked yet: receipts received so far are in the reconciliation."),
 ("Roster.Account", "账号", "Account"), ("Roster.Substitute", "替换", "Substitute"), ("Roster.NewName", "替换人员", "Replaced by"),
 ("Roster.Reason", "原因", "Reason"), ("Roster.Old", "原人员", "Replaced"), ("Roster.Substitutions", "替换记录", "Substitutions"),
 ("Roster.Substituted", "已替换为 {0}。", "Replaced by {0}."),
 ("Error.Quota.TotalMismatch", "名额合计 {0} 人，与参训人员 {1} 人不符。", "{0} places allocated but {1} trainees planned."),
]

HEAD = '''<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
'''

def write(path, col):
    keys = set()
    with open(path, "w", encoding="utf-8") as f:
        f.write(HEAD)
        for row in TEXTS:
            assert row[0] not in keys, row[0]; keys.add(row[0])
            f.write(f'  <data name="{x.escape(row[0])}" xml:space="preserve"><value>{x.escape(row[col])}</value></data>\n')
        f.write("</root>\n")

here = os.path.dirname(os.path.abspath(__file__))
res = os.path.join(here, "..", "src", "CommunityAcademy.Web", "Resources")
write(os.path.join(res, "SharedResource.resx"), 1)      # neutral = zh-CN
write(os.path.join(res, "SharedResource.en.resx"), 2)
print(f"{len(TEXTS)} texts written")
