<#import "sunshine_common.ftl" as common>
<@common.definition desktopName="XFCE" session="startxfce4"
    desktopPackages=["xfce4", "xfce4-terminal", "xfce4-notifyd", "thunar", "mousepad"]/>
