# NUKE-style bootstrap: find dotnet, compile build/_build.csproj only when its sources changed, run the build.
# Usage: ./build.ps1 [targets] [--parameters]   (./build.ps1 --help lists both)
# No param() block: every argument reaches the build as written, as with build.sh (a [CmdletBinding()] script would
# take -Verbose, -Debug, -ErrorAction … for itself).
$BuildArguments = @($args)

Set-StrictMode -Version 2.0; $ErrorActionPreference = "Stop"; $ConfirmPreference = "None"
trap { Write-Error $_ -ErrorAction Continue; exit 1 }

$ScriptDir = Split-Path $MyInvocation.MyCommand.Path -Parent
$BuildProjectFile = Join-Path $ScriptDir "build/_build.csproj"
$BuildDll = Join-Path $ScriptDir "build/bin/_build.dll"
$TempDirectory = Join-Path $ScriptDir ".nuke/temp"
$StampFile = Join-Path $TempDirectory "build.stamp"

$env:DOTNET_CLI_TELEMETRY_OPTOUT = 1
$env:DOTNET_NOLOGO = 1
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = 1

# dotnet from PATH when it works; otherwise the SDK global.json pins, installed under .nuke/temp like NUKE does.
$DotNetOnPath = Get-Command "dotnet" -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
if ($null -ne $DotNetOnPath) {
    $DotNetExe = $DotNetOnPath.Path
    $VersionOutput = & $DotNetExe --version 2>&1
    if ($LASTEXITCODE -ne 0) {
        [Console]::Error.WriteLine("error: $DotNetExe does not work: $($VersionOutput -join "`n")")
        exit 1
    }
} else {
    $Unix = [Environment]::OSVersion.Platform -eq [PlatformID]::Unix
    $DotNetDirectory = Join-Path $TempDirectory $(if ($Unix) { "dotnet-unix" } else { "dotnet-win" })
    $DotNetExe = Join-Path $DotNetDirectory $(if ($Unix) { "dotnet" } else { "dotnet.exe" })
    if (!(Test-Path $DotNetExe)) {
        New-Item -ItemType Directory -Path $TempDirectory -Force | Out-Null
        $InstallScript = Join-Path $TempDirectory $(if ($Unix) { "dotnet-install.sh" } else { "dotnet-install.ps1" })
        [Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12
        try {
            (New-Object System.Net.WebClient).DownloadFile("https://dot.net/v1/$(Split-Path $InstallScript -Leaf)", $InstallScript)
        } catch {
            [Console]::Error.WriteLine("error: dotnet is not on PATH and the .NET SDK installer could not be downloaded; install the SDK named in global.json")
            exit 1
        }
        $GlobalJson = Join-Path $ScriptDir "global.json"
        if ($Unix) { & bash $InstallScript --jsonfile $GlobalJson --install-dir $DotNetDirectory --no-path }
        else { & $InstallScript -InstallDir $DotNetDirectory -JSonFile $GlobalJson -NoPath }
    }
    $env:DOTNET_ROOT = $DotNetDirectory
}

# A content hash (not timestamps: a checkout can bring back older files) of everything the build is compiled from: the
# same text build.sh hashes ("<sha256>  <relative path>" lines, paths in byte order), so either script accepts the
# stamp the other wrote, and the actions' cache key (actions/lib/setup.sh) is this hash too.
[string[]]$Sources = @(Get-ChildItem -Path (Join-Path $ScriptDir "build"), (Join-Path $ScriptDir "src/Deployer"), (Join-Path $ScriptDir "src/Deployer.BuildEngine"), (Join-Path $ScriptDir "src/Deployer.Common") -Recurse -File -Force |
    ForEach-Object { $_.FullName.Substring($ScriptDir.Length + 1).Replace('\', '/') } |
    Where-Object { $_ -cmatch '\.(cs|csproj|props|targets)$' -and $_ -notmatch '/(bin|obj)/' })
[Array]::Sort($Sources, [StringComparer]::Ordinal)
$Sources += @("global.json", "Directory.Build.props", "Directory.Packages.props")
$Listing = -join ($Sources | ForEach-Object { "$((Get-FileHash (Join-Path $ScriptDir $_) -Algorithm SHA256).Hash.ToLowerInvariant())  $_`n" })
$Hash = [BitConverter]::ToString([Security.Cryptography.SHA256]::Create().ComputeHash([Text.Encoding]::UTF8.GetBytes($Listing))).Replace("-", "").ToLowerInvariant()

if (!(Test-Path $BuildDll) -or !(Test-Path $StampFile) -or ((Get-Content $StampFile -Raw).Trim() -ne $Hash)) {
    & $DotNetExe build $BuildProjectFile -nologo -clp:NoSummary --verbosity quiet
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    New-Item -ItemType Directory -Path $TempDirectory -Force | Out-Null
    Set-Content -Path $StampFile -Value $Hash
}

# Starting the compiled build directly skips `dotnet run`'s project evaluation.
& $DotNetExe $BuildDll $BuildArguments
exit $LASTEXITCODE
