using System.Net;
using System.Text;
using FinkXmatch.Tests.Hostile;

namespace FinkXmatch.Service.Tests.Hostile;

/// <summary>
/// The HTTP-only part of the hostile corpus: crossmatch requests with wrong values and wrong JSON, oversize and
/// misdeclared bodies, malformed multipart uploads, hostile file names, ids that are not ids. CAT stands for the id
/// of a valid catalog (name, ra, dec in degrees) the fixture uploaded.
/// </summary>
internal static class HostileRequests
{
    private static readonly Lazy<IReadOnlyDictionary<string, HostileRequest>> All = new(() => Build().ToDictionary(r => r.Name, StringComparer.Ordinal));

    public static IReadOnlyDictionary<string, HostileRequest> Requests => All.Value;

    private static HostileRequest Xmatch(string name, string json, HttpStatusCode status, params string[] mentions) =>
        new(name, catalogId => HostileRequest.Json(json.Replace("CAT", catalogId, StringComparison.Ordinal)), status, mentions);

    private static HostileRequest Get(string name, string path, HttpStatusCode status, params string[] mentions) =>
        new(name, _ => HostileRequest.Raw(HttpMethod.Get, path), status, mentions);

    private static HostileRequest UploadNamed(string name, string disposition, params string[] mentions) =>
        new(name, _ => HostileRequest.Upload(HostileRequest.FilePart(disposition), ValidCatalogs.Instance.DegreesCsv), HttpStatusCode.BadRequest, mentions);

    private static IEnumerable<HostileRequest> Build()
    {
        const HttpStatusCode Bad = HttpStatusCode.BadRequest, Unprocessable = HttpStatusCode.UnprocessableEntity;
        // Values a crossmatch cannot run with.
        yield return Xmatch("radius 0", """{"catalogId":"CAT","radiusArcsec":0}""", Unprocessable, "greater than 0 and at most 3600", "got 0");
        yield return Xmatch("radius negative", """{"catalogId":"CAT","radiusArcsec":-1.5}""", Unprocessable, "at most 3600", "got -1.5");
        yield return Xmatch("radius 3600.5", """{"catalogId":"CAT","radiusArcsec":3600.5}""", Unprocessable, "at most 3600", "got 3600.5");
        yield return Xmatch("radius 1e308", """{"catalogId":"CAT","radiusArcsec":1e308}""", Unprocessable, "at most 3600", "got 1E+308");
        yield return Xmatch("radius NaN as a string", """{"catalogId":"CAT","radiusArcsec":"NaN"}""", Unprocessable, "at most 3600", "got NaN");
        yield return Xmatch("radius Infinity as a string", """{"catalogId":"CAT","radiusArcsec":"Infinity"}""", Unprocessable, "at most 3600", "got Infinity");
        yield return Xmatch("radius 1e999 overflows", """{"catalogId":"CAT","radiusArcsec":1e999}""", Unprocessable, "at most 3600", "got Infinity");
        yield return Xmatch("radius missing", """{"catalogId":"CAT"}""", Bad, "radiusArcsec is required");
        yield return Xmatch("radius null", """{"catalogId":"CAT","radiusArcsec":null}""", Bad, "radiusArcsec is required");
        yield return Xmatch("radius a word", """{"catalogId":"CAT","radiusArcsec":"five"}""", Bad, "radiusArcsec must be a number", "$.radiusArcsec");
        yield return Xmatch("radius a boolean", """{"catalogId":"CAT","radiusArcsec":true}""", Bad, "radiusArcsec must be a number");
        yield return Xmatch("radius an object", """{"catalogId":"CAT","radiusArcsec":{"value":2}}""", Bad, "radiusArcsec must be a number");
        yield return Xmatch("catalogId missing", """{"radiusArcsec":2}""", Bad, "catalogId is required");
        yield return Xmatch("catalogId a number", """{"catalogId":12,"radiusArcsec":2}""", Bad, "catalogId must be a string");
        yield return Xmatch("catalogId unknown", """{"catalogId":"cat-0123456789abcdef0123","radiusArcsec":2}""", HttpStatusCode.NotFound, "no catalog 'cat-0123456789abcdef0123'");
        yield return Xmatch("catalogId a path", """{"catalogId":"../../etc/passwd","radiusArcsec":2}""", HttpStatusCode.NotFound, "no catalog '../../etc/passwd'");
        yield return Xmatch("raColumn unknown", """{"catalogId":"CAT","raColumn":"RAJ2000","radiusArcsec":2}""", Unprocessable, "no RA column named 'RAJ2000'");
        yield return Xmatch("decColumn unknown", """{"catalogId":"CAT","decColumn":"DEJ2000","radiusArcsec":2}""", Unprocessable, "no Dec column named 'DEJ2000'");
        yield return Xmatch("idColumn unknown", """{"catalogId":"CAT","idColumn":"ident","radiusArcsec":2}""", Unprocessable, "'ident'");
        yield return Xmatch("coordinates unknown", """{"catalogId":"CAT","coordinates":"radians","radiusArcsec":2}""", Unprocessable, "coordinates must be", "radians");
        yield return Xmatch("coordinates sexagesimal on degrees", """{"catalogId":"CAT","coordinates":"sexagesimal","radiusArcsec":2}""", Unprocessable, "row 1", "'ra'");
        yield return Xmatch("match unknown", """{"catalogId":"CAT","match":"closest","radiusArcsec":2}""", Unprocessable, "match must be 'nearest' or 'all'", "closest");
        yield return Xmatch("years before the datalake", """{"catalogId":"CAT","radiusArcsec":2,"years":[1900]}""", Unprocessable, "1900", "2025-07-01");
        yield return Xmatch("year 99999", """{"catalogId":"CAT","radiusArcsec":2,"years":[99999]}""", Unprocessable, "99999");
        yield return Xmatch("year negative", """{"catalogId":"CAT","radiusArcsec":2,"years":[-1]}""", Unprocessable, "-1");
        yield return Xmatch("years not consecutive", """{"catalogId":"CAT","radiusArcsec":2,"years":[2024,2025,2027]}""", Unprocessable, "not consecutive");
        yield return Xmatch("years empty", """{"catalogId":"CAT","radiusArcsec":2,"years":[]}""", Unprocessable, "no year given");
        yield return Xmatch("years a fraction", """{"catalogId":"CAT","radiusArcsec":2,"years":[2025.5]}""", Bad, "years must be an array", "$.years[0]");
        yield return Xmatch("years a string", """{"catalogId":"CAT","radiusArcsec":2,"years":"2025"}""", Bad, "years must be an array");
        yield return Xmatch("night range reversed", """{"catalogId":"CAT","radiusArcsec":2,"startNight":"2025-07-02","stopNight":"2025-07-01"}""", Unprocessable, "2025-07-02", "reversed");
        yield return Xmatch("night month 13", """{"catalogId":"CAT","radiusArcsec":2,"startNight":"2025-13-01","stopNight":"2025-07-02"}""", Bad, "startNight must be a night YYYY-MM-DD", "2025-13-01");
        yield return Xmatch("night in another format", """{"catalogId":"CAT","radiusArcsec":2,"startNight":"2025-07-01","stopNight":"07/02/2025"}""", Bad, "stopNight must be a night YYYY-MM-DD");
        yield return Xmatch("start night without stop night", """{"catalogId":"CAT","radiusArcsec":2,"startNight":"2025-07-01"}""", Unprocessable, "stop night");
        yield return Xmatch("no night in the range", """{"catalogId":"CAT","radiusArcsec":2,"startNight":"2030-01-01","stopNight":"2030-01-31"}""", Unprocessable, "no night between 2030-01-01 and 2030-01-31");
        yield return Xmatch("years and nights together", """{"catalogId":"CAT","radiusArcsec":2,"years":[2025],"startNight":"2025-07-01","stopNight":"2025-07-02"}""", Unprocessable, "either years or a night range");
        yield return Xmatch("unknown field", """{"catalogId":"CAT","radiusArcsec":2,"fields":["candidate.magpfs"]}""", Unprocessable, "unknown alert field 'candidate.magpfs'", "candidate.magpsf");
        yield return Xmatch("empty field name", """{"catalogId":"CAT","radiusArcsec":2,"fields":[""]}""", Unprocessable, "field");
        yield return Xmatch("field a number", """{"catalogId":"CAT","radiusArcsec":2,"fields":[42]}""", Bad, "fields must be an array of alert field names");
        yield return Xmatch("unknown packet", """{"catalogId":"CAT","radiusArcsec":2,"packet":"heavy"}""", Unprocessable, "unknown packet 'heavy'");
        yield return Xmatch("fields and packet together", """{"catalogId":"CAT","radiusArcsec":2,"fields":["candidate.jd"],"packet":"light"}""", Unprocessable, "either fields or a packet");
        yield return new HostileRequest("more fields than the limit",
            catalogId => HostileRequest.Json($$"""{"catalogId":"{{catalogId}}","radiusArcsec":2,"fields":[{{string.Join(',', Enumerable.Repeat("\"candidate.jd\"", 201))}}]}"""),
            Unprocessable, ["201 alert fields", "more than the 200 accepted", "FinkXmatch:MaxFields"], "FinkXmatch:MaxFields");

        // JSON that is not an XmatchRequest.
        yield return Xmatch("unknown member", """{"catalogId":"CAT","radiusArcsec":2,"feilds":["candidate.jd"]}""", Bad, "unknown member 'feilds'", "fields");
        yield return Xmatch("member given twice", """{"catalogId":"CAT","radiusArcsec":2,"radiusArcsec":3}""", Bad, "given twice");
        yield return Xmatch("an array body", """[{"catalogId":"CAT","radiusArcsec":2}]""", Bad, "must be a JSON object");
        yield return Xmatch("a null body", "null", Bad, "must be a JSON object", "null");
        yield return Xmatch("an empty body", "", Bad, "the body is empty");
        yield return Xmatch("truncated JSON", """{"catalogId":"CAT","radiusAr""", Bad, "not valid JSON");
        yield return Xmatch("trailing garbage", """{"catalogId":"CAT","radiusArcsec":2} and more""", Bad, "not valid JSON");
        yield return Xmatch("single quotes", """{'catalogId':'CAT','radiusArcsec':2}""", Bad, "not valid JSON");
        yield return Xmatch("nested 10,000 deep", "{\"catalogId\":" + new string('[', 10_000) + new string(']', 10_000) + "}", Bad, "catalogId must be a string");
        yield return new HostileRequest("JSON that is not UTF-8", _ => HostileRequest.Raw(HttpMethod.Post, "/api/v1/xmatch", [.. "{\"catalogId\":\"caf"u8, 0xE9, .. "\",\"radiusArcsec\":2}"u8], "application/json"),
            Bad, ["not valid JSON", "$.catalogId", "not UTF-8"]);
        yield return new HostileRequest("body over 1 MiB", _ => HostileRequest.Json("{\"catalogId\":\"" + new string('x', 1_100_000) + "\"}"),
            HttpStatusCode.RequestEntityTooLarge, ["larger than 1 MiB", "FinkXmatch:MaxRequestBodyBytes"], "FinkXmatch:MaxRequestBodyBytes");
        yield return new HostileRequest("JSON sent as text/plain", catalogId => HostileRequest.Json($$"""{"catalogId":"{{catalogId}}","radiusArcsec":2}""", "text/plain"),
            HttpStatusCode.UnsupportedMediaType, ["'text/plain'", "application/json"]);
        yield return new HostileRequest("JSON without a content type", catalogId => HostileRequest.Json($$"""{"catalogId":"{{catalogId}}","radiusArcsec":2}""", null),
            HttpStatusCode.UnsupportedMediaType, ["without a content type", "application/json"]);

        // Ids and paths that are not what they claim.
        yield return Get("catalog id with a path", "/api/v1/catalogs/..%2F..%2Fetc%2Fpasswd", HttpStatusCode.NotFound, "no catalog '..%2F..%2Fetc%2Fpasswd'");
        yield return Get("catalog id too long", "/api/v1/catalogs/cat-" + new string('a', 5000), HttpStatusCode.NotFound, "no catalog 'cat-aaaa", "(5004 characters)");
        yield return Get("job id that is not one", "/api/v1/xmatch/not-a-job", HttpStatusCode.NotFound, "no job 'not-a-job'");
        yield return Get("results of an unknown job", "/api/v1/xmatch/fxmatch_ztf_2025-01-01_1/results", HttpStatusCode.NotFound, "no job 'fxmatch_ztf_2025-01-01_1'");
        yield return Get("log of a job id with a path", "/api/v1/xmatch/..%2F..%2Fdata/log", HttpStatusCode.NotFound, "no job '..%2F..%2Fdata'");
        yield return new HostileRequest("cancel an unknown job", _ => HostileRequest.Raw(HttpMethod.Delete, "/api/v1/xmatch/fxmatch_ztf_2025-01-01_7"), HttpStatusCode.NotFound, ["no job"]);
        yield return new HostileRequest("sky map in an unknown format", catalogId => HostileRequest.Raw(HttpMethod.Get, $"/api/v1/catalogs/{catalogId}/skymap?format=gif"), Bad, ["gif"]);
        yield return new HostileRequest("PUT on the catalogs", _ => HostileRequest.Raw(HttpMethod.Put, "/api/v1/catalogs", [1], "application/octet-stream"), HttpStatusCode.MethodNotAllowed, ["PUT /api/v1/catalogs is not allowed"]);
        yield return Get("a route that does not exist", "/api/v1/../../etc/passwd", HttpStatusCode.NotFound, "nothing answers");

        // Uploads whose form, not file, is wrong.
        var csv = ValidCatalogs.Instance.DegreesCsv;
        yield return new HostileRequest("upload without the file field", _ => HostileRequest.Upload("Content-Disposition: form-data; name=\"catalog\"; filename=\"c.csv\"", csv), Bad, ["no file field 'file'"]);
        yield return new HostileRequest("upload that is not multipart", _ => HostileRequest.Raw(HttpMethod.Post, "/api/v1/catalogs", csv, "text/csv"), Bad, ["expected multipart/form-data", "'text/csv'"]);
        yield return new HostileRequest("multipart without a boundary", _ => HostileRequest.Raw(HttpMethod.Post, "/api/v1/catalogs", csv, "multipart/form-data"), Bad, ["no boundary"]);
        yield return new HostileRequest("multipart cut before its end", _ => HostileRequest.Upload(HostileRequest.FilePart("filename=\"c.csv\""), csv, close: false), Bad, ["ended early or is malformed"]);
        yield return new HostileRequest("multipart with 40 KiB of part headers", _ => HostileRequest.Upload(HostileRequest.FilePart("filename=\"c.csv\"") + "\r\nX-Padding: " + new string('p', 40_000), csv), Bad, ["multipart body is malformed"]);
        yield return new HostileRequest("multipart with only the closing boundary", _ =>
        {
            var request = HostileRequest.Raw(HttpMethod.Post, "/api/v1/catalogs", Encoding.ASCII.GetBytes("--b--\r\n"));
            request.Content!.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=b");
            return request;
        }, Bad, ["no file field 'file'"]);
        yield return UploadNamed("file name with ../", "filename=\"../../outside/escape.csv\"", "'..' path segment");
        yield return UploadNamed("file name with ..\\", "filename=\"..\\\\..\\\\escape.csv\"", "'..' path segment");
        yield return UploadNamed("file name with a control character", "filename=\"evil\u0001.csv\"", "control character U+0001");
        yield return UploadNamed("file name with a tab", "filename=\"evil\t.csv\"", "control character U+0009");
        yield return UploadNamed("file name* encoding ../", "filename*=UTF-8''..%2F..%2Fescape.csv", "'..' path segment");
        yield return UploadNamed("file name* encoding a NUL", "filename*=UTF-8''evil%00.csv", "control character U+0000");
        yield return UploadNamed("file name* encoding a newline", "filename*=UTF-8''evil%0A.csv", "control character U+000A");
    }
}
