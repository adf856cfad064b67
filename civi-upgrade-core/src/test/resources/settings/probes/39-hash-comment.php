<?php
# define('CIVICRM_DSN', 'mysql://commented_u:s3cr3t@dbhost.example/c?new_link=true');
#define('CIVICRM_DSN', 'mysql://commented2:p@h/c?new_link=true');
define('CIVICRM_DSN', 'mysql://civi_rw:Xq7pw@db1.example.net/civi_main?new_link=true');
