<#--
  The parts every moonlight desktop image shares. Each sunshine_*.def.ftl calls <@definition> with
  its desktop's packages and session command; the nested body adds image-specific lines and is
  called once per section with that section's name ("files", "post", "help").
  The model is io.moonlight.core.images.ImageDefinitionModel.
-->
<#-- GNOME without systemd: gnome-session's builtin startup instead of systemd user units. -->
<#assign gnomePackages = ["gnome-session", "gnome-shell", "gnome-terminal", "gnome-settings-daemon",
    "gnome-control-center", "nautilus", "adwaita-icon-theme", "at-spi2-core"]>
<#assign gnomeSession = "gnome-session --builtin --session=gnome">
<#assign sunshineDeb = "/opt/moonlight-build/sunshine.deb">
<#macro definition desktopName desktopPackages session>
Bootstrap: ${bootstrap}
From: ${from}

%labels
    org.moonlight.image ${id}
    org.moonlight.description ${description}
    org.moonlight.desktop ${desktopName}
    org.moonlight.sunshine.source ${sunshineSource}

%help
    ${description}.

    moonlight starts this image for a desktop session: an X server (Xvfb, or Xorg with the
    dummy video driver and libinput so that Sunshine's input through /dev/uinput reaches the
    desktop), the ${desktopName} session, PulseAudio and Sunshine.

    The image holds no NVIDIA driver: run it with --nv so that Apptainer binds the host's
    driver libraries (libnvidia-encode for NVENC, libnvidia-fbc, libGLX_nvidia), which always
    match the host's kernel module. Sunshine's input needs --bind /dev/uinput.

    The Sunshine binary carries no file capabilities (Apptainer may refuse to run such binaries);
    capture works through X11 or NvFBC without CAP_SYS_ADMIN.

    Programs:
      moonlight-desktop                   the ${desktopName} session on $DISPLAY (the runscript)
      Xvfb, /usr/lib/xorg/Xorg            X servers; Xorg with -config /etc/X11/moonlight/xorg-dummy.conf
      sunshine, pulseaudio, xdotool, xrandr
<#nested "help">

<#if !sunshineFromUrl || installer?has_content>
%files
<#if !sunshineFromUrl>
    ${sunshineSource} ${sunshineDeb}
</#if>
<#nested "files">

</#if>
%post
    set -eu
    export DEBIAN_FRONTEND=noninteractive
    # Packages come from the base image's apt sources: offline sites use a base that names their mirror.
    apt-get update
    apt-get install -y --no-install-recommends \
        ca-certificates libcap2-bin dbus-x11 xauth x11-xserver-utils x11-utils \
        xvfb xserver-xorg-core xserver-xorg-video-dummy xserver-xorg-input-libinput \
        libglvnd0 libgl1 libegl1 libgles2 libgl1-mesa-dri mesa-utils \
        xdotool libxtst6 pulseaudio pulseaudio-utils \
        fonts-dejavu-core fonts-liberation2 fonts-noto-cjk \
<#list desktopPackages?chunk(6) as row>
        ${row?join(" ")}<#sep> \</#sep>
</#list>

    mkdir -p /opt/moonlight-build
<#if sunshineFromUrl>
    apt-get install -y --no-install-recommends curl
    curl -fsSL --retry 3 -o ${sunshineDeb} '${sunshineSource}'
</#if>
    apt-get install -y --no-install-recommends ${sunshineDeb}

    # Apptainer may refuse binaries with file capabilities; the package's postinst sets some.
    sunshine_binary="$(readlink -f /usr/bin/sunshine)"
    if [ -n "$(getcap "$sunshine_binary")" ]; then
        setcap -r "$sunshine_binary"
    fi
    if [ -n "$(getcap "$sunshine_binary")" ]; then
        echo "moonlight: cannot remove the file capabilities of $sunshine_binary" >&2
        exit 1
    fi

    mkdir -p /etc/X11/moonlight
    cat > /etc/X11/moonlight/xorg-dummy.conf <<'XORG'
Section "ServerFlags"
    Option "AutoAddDevices" "true"
    Option "AutoEnableDevices" "true"
    Option "DontVTSwitch" "true"
EndSection

Section "Device"
    Identifier "moonlight-dummy"
    Driver "dummy"
    VideoRam 256000
EndSection

Section "Monitor"
    Identifier "moonlight-monitor"
    HorizSync 5.0-1000.0
    VertRefresh 5.0-200.0
EndSection

Section "Screen"
    Identifier "moonlight-screen"
    Device "moonlight-dummy"
    Monitor "moonlight-monitor"
    DefaultDepth 24
    SubSection "Display"
        Depth 24
        Virtual 3840 2160
    EndSubSection
EndSection
XORG

    cat > /usr/local/bin/moonlight-desktop <<'DESKTOP'
#!/bin/sh
# The session supervisor starts the X server; this starts the desktop on it.
if [ -z "$DISPLAY" ]; then
    echo "moonlight-desktop: DISPLAY is not set: start the X server first" >&2
    exit 2
fi
exec dbus-launch --exit-with-session ${session}
DESKTOP
    chmod 755 /usr/local/bin/moonlight-desktop
<#nested "post">

    rm -rf /opt/moonlight-build
    apt-get clean
    rm -rf /var/lib/apt/lists/*

%environment
    export LANG=C.UTF-8
    export LC_ALL=C.UTF-8
    export XDG_SESSION_TYPE=x11
    export XDG_CURRENT_DESKTOP=${desktopName}
    export MOONLIGHT_IMAGE=${id}

%runscript
    exec /usr/local/bin/moonlight-desktop "$@"
</#macro>
