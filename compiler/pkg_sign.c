// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Signing a bundle (pkg_sign.h): read the root file once, sign those bytes,
 * write <root>.minisig atomically.
 */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "log.h"
#include "pkg_sign.h"
#include "pkg_write.h"
#include "sign_minisign.h"

#define MAX_ROOT_SIZE	(256u << 20)
#define PASSWORD_MAX	1024

static int slurp(const char *path, char **buf, size_t *len)
{
	struct stat st;
	size_t off = 0;
	int fd, err = 0;

	*buf = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		err = -errno;
		goto out;
	}
	if (!S_ISREG(st.st_mode) || (size_t)st.st_size > MAX_ROOT_SIZE) {
		err = S_ISREG(st.st_mode) ? -EFBIG : -EINVAL;
		goto out;
	}
	*buf = malloc(st.st_size + 1);
	if (!*buf) {
		err = -ENOMEM;
		goto out;
	}
	while (off < (size_t)st.st_size) {
		ssize_t r = read(fd, *buf + off, st.st_size - off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			err = r ? -errno : -EIO;
			break;
		}
		off += r;
	}
	*len = off;
out:
	close(fd);
	if (err) {
		free(*buf);
		*buf = NULL;
	}
	return err;
}

static int read_password(const char *file, char **out);

int pkg_sign(const char *bundle, const char *seckey, const char *password_file,
	     const char *trusted_comment, struct pkg_sig_info *info)
{
	char root[4096], tc[128], *data = NULL, *sig = NULL, *password = NULL;
	size_t len = 0;
	int err;

	err = minisign_key_encrypted(seckey);
	if (err < 0)
		return err;
	if (err) {
		err = read_password(password_file, &password);
		if (err)
			return err;
	}

	err = pkg_read_content_digest(bundle, info->content);
	if (err)
		goto out_pw;
	err = pkg_root_file(bundle, root, sizeof(root));
	if (!err && snprintf(info->sig_path, sizeof(info->sig_path), "%s" PKG_SIG_SUFFIX, root) >=
		    (int)sizeof(info->sig_path))
		err = -ENAMETOOLONG;
	err = err ?: slurp(root, &data, &len);
	if (err) {
		pr_warn("%s: %s\n", root, strerror(-err));
		goto out_pw;
	}
	if (!trusted_comment) {
		snprintf(tc, sizeof(tc), "tpc bundle sha256:%s", info->content);
		trusted_comment = tc;
	}
	err = minisign_sign(data, len, seckey, password, trusted_comment, &sig, info->keyid);
	free(data);
	if (password)
		sodium_free(password);
	if (err)
		return err;
	err = pkg_write_file(info->sig_path, sig, strlen(sig), 0644);
	if (err)
		pr_warn("cannot write %s: %s\n", info->sig_path, strerror(-err));
	free(sig);
	return err;
out_pw:
	if (password)
		sodium_free(password);
	return err;
}

static int read_password(const char *file, char **out)
{
	struct termios old, quiet;
	char *pw;
	FILE *f;
	int tty = -1, err = 0;

	*out = NULL;
	if (sodium_init() < 0)
		return -EFAULT;
	pw = sodium_malloc(PASSWORD_MAX);
	if (!pw)
		return -ENOMEM;
	if (file) {
		f = fopen(file, "re");
		if (!f) {
			err = -errno;
			pr_warn("%s: %s\n", file, strerror(-err));
			goto err_out;
		}
		if (!fgets(pw, PASSWORD_MAX, f))
			pw[0] = '\0';
		fclose(f);
	} else {
		tty = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
		if (tty < 0 || tcgetattr(tty, &old)) {
			pr_warn("the key is encrypted and there is no terminal: give --password-file\n");
			err = -ENOKEY;
			goto err_out;
		}
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		if (write(tty, "Password: ", 10) < 0 || tcsetattr(tty, TCSAFLUSH, &quiet)) {
			err = -EIO;
			goto err_out;
		}
		f = fdopen(dup(tty), "r");
		if (!f || !fgets(pw, PASSWORD_MAX, f))
			pw[0] = '\0';
		if (f)
			fclose(f);
		tcsetattr(tty, TCSAFLUSH, &old);
		if (write(tty, "\n", 1) < 0)
			err = 0;
		close(tty);
	}
	pw[strcspn(pw, "\r\n")] = '\0';
	*out = pw;
	return 0;
err_out:
	if (tty >= 0)
		close(tty);
	sodium_free(pw);
	return err;
}
