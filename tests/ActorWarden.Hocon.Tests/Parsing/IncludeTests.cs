using ActorWarden.Hocon.Tests.Support;

namespace ActorWarden.Hocon.Tests.Parsing;

public sealed class IncludeTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private Config Load(string main, HoconParseOptions? options = null) =>
        HoconParser.ParseFile(_folder.Write("main.conf", main), options ?? Snippet.NoEnv);

    private HoconException LoadError(string main, HoconParseOptions? options = null)
    {
        var path = _folder.Write("main.conf", main);
        var act = () => HoconParser.ParseFile(path, options ?? Snippet.NoEnv);
        return act.Should().Throw<HoconException>().Which;
    }

    [Fact]
    public void Include_is_relative_to_the_including_file_and_nested_includes_to_theirs()
    {
        _folder.Write("conf.d/web.conf", "web { cmd = run }\ninclude \"extra/more.conf\"");
        _folder.Write("conf.d/extra/more.conf", "more = 1");
        var config = Load("include \"conf.d/web.conf\"\nweb.port = 80");
        config.ToJson().Should().Be("{\"web\":{\"cmd\":\"run\",\"port\":80},\"more\":1}");
        config.Origin("web.cmd").File.Should().Be(Path.Combine(_folder.Path, "conf.d/web.conf"));
    }

    [Fact]
    public void Include_inside_an_object_is_rooted_there_and_its_substitutions_too()
    {
        _folder.Write("svc.conf", "port = 80\nurl = \"http://localhost:\"${port}\nhome = ${root-dir}");
        var config = Load("root-dir = /srv\nservices.web { include \"svc.conf\" }");
        config.GetString("services.web.url").Should().Be("http://localhost:80");
        config.GetString("services.web.home").Should().Be("/srv");
    }

    [Fact]
    public void Extensionless_include_merges_properties_then_json_then_conf()
    {
        _folder.Write("base.properties", "a=prop\nb=prop\nc.d=true");
        _folder.Write("base.json", "{ \"b\" : \"json\", \"e\" : 1 }");
        _folder.Write("base.conf", "a = conf");
        var config = Load("include \"base\"");
        config.ToJson().Should().Be("{\"a\":\"conf\",\"b\":\"json\",\"c\":{\"d\":\"true\"},\"e\":1}");
    }

    [Fact]
    public void Missing_optional_include_is_ignored_and_required_one_names_the_file()
    {
        Load("a = 1\ninclude \"nothere.conf\"").ToJson().Should().Be("{\"a\":1}");
        var error = LoadError("a = 1\ninclude required(\"nothere.conf\")");
        error.Origin.Line.Should().Be(2);
        error.Message.Should().Contain("nothere.conf").And.Contain("required");
    }

    [Fact]
    public void File_and_classpath_forms_are_supported()
    {
        _folder.Write("cp.conf", "cp = 1");
        _folder.Write("abs.conf", "abs = 2");
        var config = Load($"include classpath(\"cp.conf\")\ninclude required(file(\"{Path.Combine(_folder.Path, "abs.conf")}\"))");
        config.ToJson().Should().Be("{\"cp\":1,\"abs\":2}");
    }

    [Fact]
    public void File_form_resolves_against_the_working_directory_option()
    {
        using var work = new TempFolder();
        work.Write("w.conf", "w = 1");
        Load("include file(\"w.conf\")", Snippet.NoEnv with { WorkingDirectory = work.Path }).GetInt("w").Should().Be(1);
    }

    [Fact]
    public void Url_includes_are_refused()
    {
        LoadError("include url(\"http://example.com/x.conf\")").Message
            .Should().Be(Path.Combine(_folder.Path, "main.conf") + ":1:1: url includes are not supported, found include url(\"http://example.com/x.conf\"); copy the file next to the config and include it by name");
    }

    [Fact]
    public void Includes_cannot_escape_the_include_root()
    {
        using var outside = new TempFolder();
        outside.Write("secret.conf", "s = 1");
        var relative = Path.GetRelativePath(_folder.Path, Path.Combine(outside.Path, "secret.conf"));
        relative.Should().StartWith("..");
        var options = Snippet.NoEnv with { IncludeRoot = _folder.Path };
        LoadError($"include \"{relative}\"", options).Message.Should().Contain("expected an included file inside the include root");
        LoadError($"include \"{Path.Combine(outside.Path, "secret.conf")}\"", options).Message.Should().Contain("include root");
        _folder.Write("inside.conf", "i = 1");
        Load("include \"inside.conf\"", options).GetInt("i").Should().Be(1);
    }

    [Fact]
    public void Includes_can_be_disabled()
    {
        _folder.Write("x.conf", "x = 1");
        LoadError("include \"x.conf\"", Snippet.NoEnv with { AllowIncludes = false }).Message.Should().Contain("includes are disabled");
    }

    [Fact]
    public void Include_cycles_are_errors_listing_the_files()
    {
        _folder.Write("a.conf", "include \"b.conf\"");
        _folder.Write("b.conf", "include \"a.conf\"");
        LoadError("include \"a.conf\"").Message.Should().Contain("include cycle: a.conf -> b.conf -> a.conf");
    }

    [Fact]
    public void Errors_inside_an_included_file_name_that_file()
    {
        _folder.Write("bad.conf", "x = {\n");
        var error = LoadError("include \"bad.conf\"");
        error.Origin.Should().Be(new HoconOrigin(Path.Combine(_folder.Path, "bad.conf"), 2, 1));
    }

    [Fact]
    public void Included_list_root_is_an_error()
    {
        _folder.Write("list.json", "[1]");
        LoadError("include \"list.json\"").Message.Should().Contain("expected an object at the root of included file");
    }

    [Fact]
    public void Include_file_names_keep_the_path_style_the_user_gave()
    {
        _folder.Write("conf.d/web.conf", "x = {");
        var main = _folder.Write("main.conf", "include \"conf.d/web.conf\"");
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, main);
        var act = () => HoconParser.ParseFile(relative, Snippet.NoEnv);
        act.Should().Throw<HoconException>().Which.Origin.File.Should().Be(Path.Combine(Path.GetDirectoryName(relative)!, "conf.d/web.conf"));
    }
}
