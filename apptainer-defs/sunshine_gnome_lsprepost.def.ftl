<#import "sunshine_common.ftl" as common>
<#if !installer?has_content>
<#stop "image ${id} needs the LS-PrePost installer: set images.${id}.installer to the site's archive">
</#if>
<#assign lsprepostPackages = ["libglu1-mesa", "libxmu6", "libxi6", "libxft2", "libxss1", "libxcursor1",
    "libxinerama1", "libxrandr2"]>
<@common.definition desktopName="GNOME" session=common.gnomeSession
    desktopPackages=common.gnomePackages + lsprepostPackages; section>
<#if section == "help">
      lsprepost                           LS-PrePost, unpacked to /opt/lsprepost from the site's
                                          licensed installer (${installer})
<#elseif section == "files">
    ${installer} /opt/moonlight-build/lsprepost-installer
<#elseif section == "post">

    # The licensed archive usually holds one top directory (lsprepost4.x_common/); unpack its content.
    mkdir -p /opt/moonlight-build/lsprepost
    tar -xf /opt/moonlight-build/lsprepost-installer -C /opt/moonlight-build/lsprepost --no-same-owner
    set -- /opt/moonlight-build/lsprepost/*
    if [ $# -eq 1 ] && [ -d "$1" ]; then
        mv "$1" /opt/lsprepost
    else
        mv /opt/moonlight-build/lsprepost /opt/lsprepost
    fi
    chmod -R a+rX /opt/lsprepost
    lsprepost_program=""
    for candidate in /opt/lsprepost/lspp* /opt/lsprepost/lsprepost*; do
        if [ -f "$candidate" ] && [ -x "$candidate" ]; then
            lsprepost_program="$candidate"
            break
        fi
    done
    if [ -z "$lsprepost_program" ]; then
        echo "moonlight: the LS-PrePost installer holds no lspp* or lsprepost* program" >&2
        exit 1
    fi
    printf '#!/bin/sh\nexec "%s" "$@"\n' "$lsprepost_program" > /usr/local/bin/lsprepost
    chmod 755 /usr/local/bin/lsprepost
    cat > /usr/share/applications/lsprepost.desktop <<'ENTRY'
[Desktop Entry]
Type=Application
Name=LS-PrePost
Comment=Pre- and post-processor for LS-DYNA
Exec=/usr/local/bin/lsprepost
Terminal=false
Categories=Science;Engineering;
ENTRY
</#if>
</@common.definition>
