using System.Text.Json;
using System.Text.Json.Serialization;

namespace CommunityAcademy.Web.Features.Attendance;

/// <summary>
/// JSON for the sign-in burst, made at build time: the request a phone posts and the answer it gets are read and
/// written by generated code rather than by reflection-built converters (the request is a record with a constructor,
/// the slow kind for those). Same rules as every other endpoint (web defaults); put first in the API's resolver chain.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CheckInRequest))]
[JsonSerializable(typeof(CheckInDto))]
internal sealed partial class AttendanceJson : JsonSerializerContext;
