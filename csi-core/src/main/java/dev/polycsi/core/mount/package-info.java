/**
 * The Linux implementation of {@link dev.polycsi.spi.mount.Mounter}: external commands through
 * {@link dev.polycsi.core.mount.CommandRunner}, the mount table from mountinfo, statvfs through
 * the Foreign Function &amp; Memory API.
 */
package dev.polycsi.core.mount;
