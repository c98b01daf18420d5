using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace DocChat.Web.Data;

/// <summary>
/// EF Core 10's SQLite provider is compiled against SQLitePCLRaw 2.1.x, but the package feed
/// available to this project only has 2.0.6. The APIs EF Core uses are the same, so when the
/// runtime asks for a SQLitePCLRaw assembly version it cannot find, we hand it the 2.0.6 copy
/// deployed next to the app. Delete this file (and the NU1605 suppression in
/// Directory.Build.props) once SQLitePCLRaw 2.1+ can be referenced.
/// See docs/decisions/sqlite-provider.md.
/// </summary>
public static class SqlitePclRawRedirect
{
    private static int registered;

    [ModuleInitializer]
    internal static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 1)
        {
            return;
        }

        AssemblyLoadContext.Default.Resolving += Resolve;
    }

    /// <summary>True once the redirect is active; lets tests assert the module initializer ran.</summary>
    public static bool IsRegistered => Volatile.Read(ref registered) == 1;

    private static Assembly? Resolve(AssemblyLoadContext context, AssemblyName name)
    {
        if (name.Name is null || !name.Name.StartsWith("SQLitePCLRaw.", StringComparison.Ordinal))
        {
            return null;
        }

        var path = Path.Combine(AppContext.BaseDirectory, name.Name + ".dll");
        return File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
    }
}
