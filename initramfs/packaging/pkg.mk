# make deb, make rpm: core2 as a system package, built from the tree with
# dpkg-deb and rpmbuild (no network at build time). Included by the Makefile.
# PKG_RELEASE numbers builds of one VERSION (an upgrade test builds two).
PKG_RELEASE ?= 1
PKGSRC      := $(TOP)/initramfs/packaging
# A cross build (make ARCH=aarch64 deb rpm) packages its own core2 into
# build/ARCH/pkg; lib/arch/ARCH.mk names DEB_ARCH, RPM_ARCH and STRIP.
PKGB        := $(OUT)/pkg
DEB_ARCH    ?= $(shell dpkg --print-architecture)
DEB_VERSION  = $(VERSION)-$(PKG_RELEASE)
DEB          = $(PKGB)/core2_$(DEB_VERSION)_$(DEB_ARCH).deb
RPM_ARCH    ?= $(shell uname -m)
RPM          = $(PKGB)/core2-$(VERSION)-$(PKG_RELEASE).$(RPM_ARCH).rpm
STRIP       ?= strip

$(B)/.pkg-packages: config.mk
	$(call install_packages,$(PKG_PACKAGES),package tools)

# $(call pkg_stage,DIR): make install under DIR with PREFIX=/usr, core2
# stripped, the man pages compressed (core2-triage.1 a link).
define pkg_stage
	rm -rf $(1) && mkdir -p $(1)
	$(MAKE) --no-print-directory install DESTDIR=$(1) PREFIX=/usr >/dev/null
	$(STRIP) --strip-all $(1)/usr/bin/core2
	gzip -9n $(1)/usr/share/man/man1/core2.1
	rm $(1)/usr/share/man/man1/core2-triage.1
	ln -s core2.1.gz $(1)/usr/share/man/man1/core2-triage.1.gz
endef

.PHONY: deb rpm
deb: $(OUT)/core2 $(B)/.pkg-packages
	$(call pkg_stage,$(PKGB)/deb)
	cd $(PKGB)/deb && install -d DEBIAN etc/default usr/share/doc/core2 \
	  lib/systemd/system/kdump-tools-dump.service.d
	install -m 644 $(PKGSRC)/core2.default $(PKGB)/deb/etc/default/core2
	install -m 644 $(PKGSRC)/kdump-tools-dump.conf \
	  $(PKGB)/deb/lib/systemd/system/kdump-tools-dump.service.d/core2.conf
	install -m 644 $(PKGSRC)/copyright $(PKGB)/deb/usr/share/doc/core2/copyright
	install -D -m 644 $(PKGSRC)/lintian-overrides $(PKGB)/deb/usr/share/lintian/overrides/core2
	gzip -9nc $(PKGSRC)/changelog > $(PKGB)/deb/usr/share/doc/core2/changelog.Debian.gz
	for s in postinst postrm; do \
	  sed -e '/@REFRESH@/{r $(PKGSRC)/kdump-refresh' -e 'd}' $(PKGSRC)/$$s.in > $(PKGB)/deb/DEBIAN/$$s && \
	  chmod 755 $(PKGB)/deb/DEBIAN/$$s || exit 1; done
	install -m 644 $(PKGSRC)/triggers $(PKGB)/deb/DEBIAN/triggers
	echo /etc/default/core2 > $(PKGB)/deb/DEBIAN/conffiles
	cd $(PKGB)/deb && find . -path ./DEBIAN -prune -o -type f -print | sed 's|^\./||' | sort | \
	  xargs md5sum > DEBIAN/md5sums
	sed -e 's/@DEB_VERSION@/$(DEB_VERSION)/' -e 's/@ARCH@/$(DEB_ARCH)/' \
	  -e "s/@SIZE@/$$(du -sk --exclude=DEBIAN $(PKGB)/deb | cut -f1)/" \
	  $(PKGSRC)/control.in > $(PKGB)/deb/DEBIAN/control
	dpkg-deb --root-owner-group -Zxz --build $(PKGB)/deb $(DEB)
	lintian --fail-on error $(DEB)

rpm: $(OUT)/core2 $(B)/.pkg-packages
	$(call pkg_stage,$(PKGB)/rpmroot)
	rm -rf $(PKGB)/rpmroot/usr/share/initramfs-tools   # Debian's tool only
	install -d $(PKGB)/rpmroot/usr/share/licenses/core2 $(PKGB)/rpmtop
	install -m 644 $(PKGSRC)/copyright $(PKGB)/rpmroot/usr/share/licenses/core2/copyright
	sed -e 's/@VERSION@/$(VERSION)/' -e 's/@RELEASE@/$(PKG_RELEASE)/' \
	  -e 's|@STAGE@|$(PKGB)/rpmroot|' $(PKGSRC)/core2.spec.in > $(PKGB)/core2.spec
	rpmbuild --quiet -bb --target $(RPM_ARCH) --define '_topdir $(PKGB)/rpmtop' --define '_rpmdir $(PKGB)' \
	  --define '_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm' \
	  --nodeps $(PKGB)/core2.spec
	rpm -qlp $(RPM)
	@# rpmlint's errors, but three by design: core2 is static on purpose,
	@# signing and the Packager tag belong to whoever distributes the package.
	@rpmlint $(RPM) > $(PKGB)/rpmlint.txt 2>&1; cat $(PKGB)/rpmlint.txt; \
	  ! grep ': E: ' $(PKGB)/rpmlint.txt | grep -v ': E: \(statically-linked-binary\|no-signature\|no-packager-tag\)'

# The package test (tests/package.sh, in make check): the .deb of two builds
# (an upgrade) and the .rpm, installed and removed in a scratch root.
PKG_TEST_ENV = DEB1=$(PKGB)/core2_$(VERSION)-1_$(DEB_ARCH).deb DEB2=$(PKGB)/core2_$(VERSION)-2_$(DEB_ARCH).deb \
	RPM=$(PKGB)/core2-$(VERSION)-1.$(RPM_ARCH).rpm
.PHONY: pkg-test-builds check-pkg
pkg-test-builds: $(B)/core2
	@mkdir -p $(PKGB)
	@{ $(MAKE) --no-print-directory deb rpm PKG_RELEASE=1 && $(MAKE) --no-print-directory deb PKG_RELEASE=2; } \
	  >$(PKGB)/build.log 2>&1 || { tail -n 30 $(PKGB)/build.log; exit 1; }
check-pkg: pkg-test-builds
	@$(PKG_TEST_ENV) tests/run.sh tests/package.sh
